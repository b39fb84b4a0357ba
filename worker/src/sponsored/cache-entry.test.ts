import { describe, expect, it } from 'vitest';
import { freshness, matchCachedAnswer, putCachedAnswer, retentionMs, type CachedAnswer } from './cache-entry.ts';
import { sponsoredConfig } from './config.ts';

const config = sponsoredConfig({ SP_FRESH_SECONDS: '60', SP_EMPTY_SECONDS: '30', SP_STALE_WHILE_REVALIDATE_SECONDS: '300', SP_STALE_IF_ERROR_SECONDS: '3600' });
const impression = { id: 'i1', content: { id: 'c1', productIds: [1, 2] } };
const shown: CachedAnswer = { answer: { status: 200, impression }, storedAt: 1_000_000 };
const empty: CachedAnswer = { answer: { status: 204 }, storedAt: 1_000_000 };

describe('freshness', () => {
  it.each([
    [0, 'fresh'],
    [59_999, 'fresh'],
    [60_000, 'stale'],
    [359_999, 'stale'],
    [360_000, 'fallback'],
    [3_659_999, 'fallback'],
    [3_660_000, 'expired'],
  ])('an impression %i ms old is %s', (age, expected) => {
    expect(freshness(shown, shown.storedAt + age, config)).toBe(expected);
  });

  it('keeps a 204 for its own TTL and never serves it stale', () => {
    expect(freshness(empty, empty.storedAt + 29_999, config)).toBe('fresh');
    expect(freshness(empty, empty.storedAt + 30_000, config)).toBe('expired');
  });

  it('asks the Cache API to keep an entry as long as any use of it remains', () => {
    expect(retentionMs(shown.answer, config)).toBe(60_000 + 3_600_000);
    expect(retentionMs(empty.answer, config)).toBe(30_000);
  });
});

describe('the cached entry in the Workers Cache API', () => {
  it('round-trips an impression and a 204 with the time they were fetched', async () => {
    const cache = await caches.open('sponsored-entry-test');
    await putCachedAnswer(cache, 'https://relay.example/__sponsored-cache/a', shown, config);
    await putCachedAnswer(cache, 'https://relay.example/__sponsored-cache/b', empty, config);
    expect(await matchCachedAnswer(cache, 'https://relay.example/__sponsored-cache/a')).toEqual(shown);
    expect(await matchCachedAnswer(cache, 'https://relay.example/__sponsored-cache/b')).toEqual(empty);
    expect(await matchCachedAnswer(cache, 'https://relay.example/__sponsored-cache/c')).toBeNull();
  });

  it('ignores an entry that is not one of the relay’s', async () => {
    const cache = await caches.open('sponsored-entry-test');
    await cache.put('https://relay.example/__sponsored-cache/foreign', new Response('{}', { headers: { 'cache-control': 'max-age=60' } }));
    expect(await matchCachedAnswer(cache, 'https://relay.example/__sponsored-cache/foreign')).toBeNull();
  });
});
