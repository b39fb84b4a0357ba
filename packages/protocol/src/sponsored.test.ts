import { describe, expect, it } from 'vitest';
import { checkImpressionRequest, parseImpression } from './sponsored.ts';

describe('checkImpressionRequest', () => {
  it('parses each kind’s context parameter', () => {
    expect(checkImpressionRequest('productPlacements', 'pdp-1', { sessionExternalId: 'abc', productId: '42', acceptContent: 'productIds' })).toMatchObject({
      ok: true,
      query: { productId: 42 },
    });
    expect(checkImpressionRequest('productGroupsPlacements', 'g', { session: 'abc', productIds: '1,2,3', acceptContent: 'string,productIds' })).toMatchObject({
      ok: true,
      query: { productIds: [1, 2, 3] },
    });
    expect(checkImpressionRequest('productGroupPlacements', 'g', { session: 'abc', productIds: '7', acceptContent: 'string' }).ok).toBe(true);
    expect(checkImpressionRequest('categoryPlacements', 'c', { session: 'abc', categoryId: '9', acceptContent: 'string' }).ok).toBe(true);
    expect(checkImpressionRequest('searchPlacements', 's', { session: 'abc', searchQuery: 'tent', acceptContent: 'string' }).ok).toBe(true);
    expect(checkImpressionRequest('anyPlacements', 'a', { session: 'abc', acceptContent: 'string' }).ok).toBe(true);
  });

  it.each([
    ['shelfPlacements', 'p', { session: 'a', acceptContent: 'string' }, 'kind'],
    ['anyPlacements', 'p/q', { session: 'a', acceptContent: 'string' }, 'placementId'],
    ['anyPlacements', '..', { session: 'a', acceptContent: 'string' }, 'placementId'],
    ['anyPlacements', '.', { session: 'a', acceptContent: 'string' }, 'placementId'],
    ['anyPlacements', 'p', { acceptContent: 'string' }, 'sessionExternalId'],
    ['anyPlacements', 'p', { session: 'a'.repeat(65), acceptContent: 'string' }, 'session'],
    ['anyPlacements', 'p', { session: 'a', acceptContent: 'html' }, 'acceptContent'],
    ['productPlacements', 'p', { session: 'a', acceptContent: 'string' }, 'productId'],
    ['productPlacements', 'p', { session: 'a', acceptContent: 'string', productId: '0' }, 'productId'],
    ['productPlacements', 'p', { session: 'a', acceptContent: 'string', productId: '9007199254740992' }, 'productId'],
    ['categoryPlacements', 'p', { session: 'a', acceptContent: 'string', categoryId: '1', productId: '3' }, 'productId'],
    ['productGroupsPlacements', 'p', { session: 'a', acceptContent: 'string', productIds: '1,,2' }, 'productIds'],
  ])('refuses %s/%s %j, naming %s', (kind, id, query, param) => {
    const check = checkImpressionRequest(kind, id, query as Record<string, string>);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.rejection.param).toBe(param);
      expect(check.rejection.reason.length).toBeGreaterThan(5);
    }
  });
});

describe('parseImpression', () => {
  it('reads both content types', () => {
    expect(parseImpression('{"id":"i1","content":{"id":"c1","string":"Sale"}}')).toEqual({ id: 'i1', content: { id: 'c1', string: 'Sale' } });
    expect(parseImpression('{"id":"i2","content":{"id":"c2","productIds":[1,2]}}')).toEqual({ id: 'i2', content: { id: 'c2', productIds: [1, 2] } });
  });

  it.each(['', 'not json', '{"id":"i"}', '{"id":"i","content":{"id":"c","productIds":[0]}}', '{"id":1,"content":{"id":"c","string":"x"}}'])(
    'refuses %j',
    (body) => {
      expect(parseImpression(body)).toBeNull();
    },
  );
});
