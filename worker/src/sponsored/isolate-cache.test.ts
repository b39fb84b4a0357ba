import { describe, expect, it } from 'vitest';
import type { CachedAnswer } from './cache-entry.ts';
import { sponsoredConfig } from './config.ts';
import { IsolateAnswerCache } from './isolate-cache.ts';

const config = sponsoredConfig({ SP_FRESH_SECONDS: '60', SP_EMPTY_SECONDS: '30', SP_STALE_WHILE_REVALIDATE_SECONDS: '600', SP_STALE_IF_ERROR_SECONDS: '3600' });
const impression = (storedAt: number): CachedAnswer => ({ answer: { status: 200, impression: { impressionId: 'i1' } as never }, storedAt });

describe('IsolateAnswerCache', () => {
  it('serves an answer only while it is fresh, and forgets it after', () => {
    const cache = new IsolateAnswerCache();
    cache.remember('a', impression(1_000_000));
    expect(cache.fresh('a', 1_000_000 + 59_999, config)?.storedAt).toBe(1_000_000);
    // Stale: the Cache API path decides (stale-while-revalidate), so memory no longer answers.
    expect(cache.fresh('a', 1_000_000 + 60_000, config)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps a 204 for the negative-cache time only', () => {
    const cache = new IsolateAnswerCache();
    cache.remember('empty', { answer: { status: 204 }, storedAt: 0 });
    expect(cache.fresh('empty', 29_999, config)?.answer).toEqual({ status: 204 });
    expect(cache.fresh('empty', 30_000, config)).toBeUndefined();
  });

  it('holds at most its bound, dropping the least recently used', () => {
    const cache = new IsolateAnswerCache(2);
    cache.remember('a', impression(0));
    cache.remember('b', impression(0));
    expect(cache.fresh('a', 1, config)).toBeDefined(); // a is now the most recently used
    cache.remember('c', impression(0));
    expect(cache.size).toBe(2);
    expect(cache.fresh('b', 1, config)).toBeUndefined();
    expect(cache.fresh('a', 1, config)).toBeDefined();
    expect(cache.fresh('c', 1, config)).toBeDefined();
  });

  it('replaces an answer kept under the same key', () => {
    const cache = new IsolateAnswerCache();
    cache.remember('a', impression(0));
    cache.remember('a', impression(5));
    expect(cache.size).toBe(1);
    expect(cache.fresh('a', 6, config)?.storedAt).toBe(5);
  });
});
