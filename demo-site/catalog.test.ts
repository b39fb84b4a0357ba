import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog, parseFeed } from './catalog.ts';

describe('the shipped feed', () => {
  const catalog = loadCatalog();

  it('has a few dozen offers in categories that exist, under parents that exist', () => {
    assert.ok(catalog.offers.length >= 30, `${catalog.offers.length} offers`);
    const categoryIds = new Set(catalog.categories.map((c) => c.id));
    for (const c of catalog.categories) if (c.parentId !== undefined) assert.ok(categoryIds.has(c.parentId), `category ${c.id}'s parent ${c.parentId}`);
    for (const o of catalog.offers) assert.ok(categoryIds.has(o.categoryId), `offer ${o.id}'s category ${o.categoryId}`);
    assert.ok(catalog.categories.some((c) => c.parentId !== undefined));
  });

  it('uses unique positive integer ids within Retail Rocket\'s cap', () => {
    const ids = catalog.offers.map((o) => o.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.ok(Number.isSafeInteger(id) && id > 0);
  });

  it('has products with variants: groups of at least two offers sharing a group_id', () => {
    const groups = new Map<number, number[]>();
    for (const o of catalog.offers) if (o.groupId !== undefined) groups.set(o.groupId, [...(groups.get(o.groupId) ?? []), o.id]);
    assert.ok(groups.size >= 2);
    for (const [groupId, offers] of groups) assert.ok(offers.length >= 2, `group ${groupId}`);
  });

  it('gives every offer a price and availability in every stock', () => {
    assert.deepEqual(catalog.stockIds, ['Berlin', 'Munich', 'Vienna']);
    for (const o of catalog.offers) {
      assert.deepEqual(Object.keys(o.stocks), catalog.stockIds, `offer ${o.id}`);
      for (const stock of Object.values(o.stocks)) assert.ok(stock.price > 0);
      assert.equal(o.available, Object.values(o.stocks).some((s) => s.available), `offer ${o.id}: available is "any stock has it"`);
    }
    assert.ok(catalog.offers.some((o) => Object.values(o.stocks).some((s) => !s.available)), 'some offer is sold out somewhere');
  });

  it('keeps the foundation\'s product, 123456, at /product/123456', () => {
    assert.equal(catalog.offers.find((o) => o.id === 123456)?.path, '/product/123456');
  });
});

describe('parseFeed', () => {
  const feed = (offer: string) =>
    `<yml_catalog><shop><name>S</name><categories><category id="5">Tents &amp; tarps</category></categories><offers>${offer}</offers></shop></yml_catalog>`;

  it('reads attributes, entities, params and stocks', () => {
    const catalog = parseFeed(
      feed(`<offer id="7" available="true" group_id="70"><url>https://s.example/product/7</url><price>10.50</price><categoryId>5</categoryId>
        <picture>https://s.example/p/7.svg</picture><name>Tarp &lt;XL&gt;</name><param name="Colour">Moss</param>
        <stock id="North"><available>false</available><price>11.00</price></stock></offer>`),
    );
    assert.equal(catalog.categories[0]!.name, 'Tents & tarps');
    assert.deepEqual(catalog.offers[0], {
      id: 7, groupId: 70, available: true, price: 10.5, categoryId: 5, path: '/product/7', picturePath: '/p/7.svg',
      name: 'Tarp <XL>', vendor: '', description: '', params: { Colour: 'Moss' }, stocks: { North: { available: false, price: 11 } },
    });
  });

  it('names the offer and the missing element', () => {
    assert.throws(() => parseFeed(feed('<offer id="8" available="true"><url>https://s.example/8</url><categoryId>5</categoryId></offer>')), /offer 8 has no <price>/);
  });

  it('refuses an id that is not a positive integer', () => {
    assert.throws(() => parseFeed(feed('<offer id="x1" available="true"></offer>')), /offer id "x1" is not a positive integer/);
  });
});
