import { checkImpressionRequest } from '@rrelay/protocol';
import { describe, expect, it } from 'vitest';
import { impressionCacheKey, isSharedPlacement, sharedPlacementSession, upstreamQuery, type ImpressionRequest } from './cache-key.ts';
import { sponsoredConfig } from './config.ts';

const partnerId = '608423a9b126ac6ab3f8f0a5';
const request = (kind: string, placementId: string, query: Record<string, string>): ImpressionRequest => {
  const check = checkImpressionRequest(kind, placementId, query);
  if (!check.ok) throw new Error(`${check.rejection.param} ${check.rejection.reason}`);
  return { partnerId, kind: check.kind, placementId: check.placementId, query: check.query };
};
const personal = sponsoredConfig({});
const shared = sponsoredConfig({ SP_SHARED_PLACEMENTS: 'anyPlacements/home, searchPlacements/results, footer' });
const key = (r: ImpressionRequest, config = personal) => impressionCacheKey('https://relay.example', r, config);

describe('impressionCacheKey', () => {
  it('holds every parameter that changes the answer, under the relay’s origin, never the apiKey', () => {
    expect(key(request('productPlacements', 'pdp', { sessionExternalId: 'abc', productId: '42', stockId: 'Berlin', acceptContent: 'string' }))).toBe(
      'https://relay.example/__sponsored-cache/v1/608423a9b126ac6ab3f8f0a5/productPlacements/pdp?acceptContent=string&productId=42&stockId=Berlin&sessionExternalId=abc',
    );
  });

  it('differs by session, context, stock, content types, placement and kind', () => {
    const base = { session: 'abc', productId: '42', acceptContent: 'string' };
    const keys = [
      key(request('productPlacements', 'pdp', base)),
      key(request('productPlacements', 'pdp', { ...base, session: 'abd' })),
      key(request('productPlacements', 'pdp', { ...base, sessionExternalId: 'abc', session: undefined! })),
      key(request('productPlacements', 'pdp', { ...base, productId: '43' })),
      key(request('productPlacements', 'pdp', { ...base, stockId: 'Rome' })),
      key(request('productPlacements', 'pdp', { ...base, acceptContent: 'productIds' })),
      key(request('productPlacements', 'pdp2', base)),
      key(request('categoryPlacements', 'pdp', { session: 'abc', categoryId: '42', acceptContent: 'string' })),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is the same for both spellings of the product-group kind and for acceptContent in any order', () => {
    const query = { session: 'abc', productIds: '1,2', acceptContent: 'string,productIds' };
    expect(key(request('productGroupPlacements', 'g', query))).toBe(key(request('productGroupsPlacements', 'g', { ...query, acceptContent: 'productIds,string' })));
  });

  it('keeps the order of productIds (the upstream may rank by it) and encodes a search query', () => {
    expect(key(request('productGroupsPlacements', 'g', { session: 'a', productIds: '1,2', acceptContent: 'string' }))).not.toBe(
      key(request('productGroupsPlacements', 'g', { session: 'a', productIds: '2,1', acceptContent: 'string' })),
    );
    expect(key(request('searchPlacements', 's', { session: 'a', searchQuery: 'tent & poles', acceptContent: 'string' }))).toContain('searchQuery=tent+%26+poles');
  });

  it('leaves the session out for a shared placement, named by kind/placementId only', () => {
    const home = (session: string) => request('anyPlacements', 'home', { session, acceptContent: 'string' });
    expect(key(home('a'), shared)).toBe(key(home('b'), shared));
    expect(key(home('a'), shared)).not.toContain('session');
    expect(key(home('a'))).not.toBe(key(home('b')));
    const results = (session: string) => request('searchPlacements', 'results', { session, searchQuery: 'tent', acceptContent: 'string' });
    expect(key(results('a'), shared)).toBe(key(results('b'), shared));
    expect(isSharedPlacement({ kind: 'categoryPlacements', placementId: 'results' }, shared)).toBe(false);
    // A bare id in the setting shares nothing: it would have mixed every kind's answers.
    expect(isSharedPlacement({ kind: 'anyPlacements', placementId: 'footer' }, shared)).toBe(false);
  });

  it('asks upstream for a shared placement without the visitor’s session', () => {
    const search = new URLSearchParams('session=visitor1&sessionExternalId=visitor1&acceptContent=string&categoryId=5');
    expect(upstreamQuery(search, false)).toBe('?session=visitor1&sessionExternalId=visitor1&acceptContent=string&categoryId=5');
    expect(upstreamQuery(search, true)).toBe(`?acceptContent=string&categoryId=5&sessionExternalId=${sharedPlacementSession}`);
  });
});
