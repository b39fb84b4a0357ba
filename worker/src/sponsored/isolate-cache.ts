import { type CachedAnswer, freshness } from './cache-entry.ts';
import type { SponsoredConfig } from './config.ts';

/** The most answers one isolate keeps in memory; the least recently used go first. */
export const isolateCacheMaxEntries = 1000;

/**
 * The first tier of the Sponsored Products cache: fresh answers kept in the
 * isolate's memory, in front of the Cache API. An isolate serves many requests,
 * so a hot placement is answered without the Cache API's lookup (a few ms under
 * `wrangler dev`, a round trip to the colo's cache in production). Only fresh
 * answers are served from here; a stale or expired one falls through to the
 * Cache API path, which decides on stale-while-revalidate and stale-if-error.
 * Entries are bounded in number (least recently used out) and, by `freshness`,
 * in age, so memory holds nothing the Cache API would not serve as fresh.
 */
export class IsolateAnswerCache {
  #entries = new Map<string, CachedAnswer>();
  readonly maxEntries: number;

  constructor(maxEntries = isolateCacheMaxEntries) {
    this.maxEntries = maxEntries;
  }

  /** The answer for `key` when it is fresh now; forgets it once it is not. */
  fresh(key: string, now: number, config: SponsoredConfig): CachedAnswer | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (freshness(entry, now, config) !== 'fresh') return undefined;
    // Re-inserted, so that Map order is least recently used first.
    this.#entries.set(key, entry);
    return entry;
  }

  /** Keeps an answer for `key`, dropping the least recently used beyond {@link maxEntries}. */
  remember(key: string, entry: CachedAnswer): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  /** How many answers are kept (for tests). */
  get size(): number {
    return this.#entries.size;
  }
}
