import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from './catalog.ts';
import { categoryPath, listingOffers, offersInCategory, relatedOffers, searchOffers, stockOffer } from './catalog-queries.ts';

const catalog = loadCatalog();
const offer = (id: number) => catalog.offers.find((o) => o.id === id)!;

describe('catalog queries', () => {
  it('lists a top-level category with its subcategories\' offers', () => {
    const camping = offersInCategory(catalog, 1).map((o) => o.categoryId);
    assert.deepEqual([...new Set(camping)].sort(), [11, 12, 13]);
  });

  it('shows a group of variants once in a listing', () => {
    const jackets = listingOffers(offersInCategory(catalog, 21));
    assert.equal(jackets.filter((o) => o.groupId === 500100).length, 1);
    assert.ok(offersInCategory(catalog, 21).filter((o) => o.groupId === 500100).length >= 3);
  });

  it('walks a category up to the top level', () => {
    assert.deepEqual(categoryPath(catalog, 21).map((c) => c.name), ['Clothing', 'Jackets']);
  });

  it('finds offers that mention every word of the phrase, in any case', () => {
    assert.deepEqual(searchOffers(catalog, 'Summit TENT').map((o) => o.id), [123456, 123457]);
    assert.deepEqual(searchOffers(catalog, '   '), []);
  });

  it('prices an offer in the visitor\'s stock', () => {
    assert.deepEqual(stockOffer(offer(123456), 'Vienna'), offer(123456).stocks.Vienna);
    assert.deepEqual(stockOffer(offer(123456), 'Nowhere'), { price: 249, available: true });
  });

  it('recommends other products, not the product or its own variants', () => {
    const related = relatedOffers(catalog, offer(123501), 4);
    assert.equal(related.length, 4);
    assert.ok(related.every((o) => o.groupId !== 500100));
  });
});
