import type { Impression } from '@rrelay/protocol';
import type { SponsoredConfig } from './config.ts';

/** An answer of the Sponsored Products API worth keeping: an impression, or nothing to show. */
export type ImpressionAnswer = { status: 200; impression: Impression } | { status: 204 };

/** An answer as the edge cache holds it, with the time it was fetched from the upstream. */
export interface CachedAnswer {
  answer: ImpressionAnswer;
  /** Epoch milliseconds of the upstream answer. */
  storedAt: number;
}

/**
 * How a cached answer may be used now:
 * - `fresh`: serve it, ask nobody;
 * - `stale`: serve it at once and refresh it behind the answer (stale-while-revalidate);
 * - `fallback`: only when the upstream fails, is slow or limits us (stale-if-error);
 * - `expired`: not at all.
 */
export type Freshness = 'fresh' | 'stale' | 'fallback' | 'expired';

const storedAtHeader = 'x-rrelay-stored-at';
const statusHeader = 'x-rrelay-upstream-status';

/** Classifies a cached answer by its age. A 204 has its own TTL and is never served stale. */
export function freshness(entry: CachedAnswer, now: number, config: SponsoredConfig): Freshness {
  const age = now - entry.storedAt;
  if (entry.answer.status === 204) return age < config.emptyMs ? 'fresh' : 'expired';
  if (age < config.freshMs) return 'fresh';
  if (age < config.freshMs + config.staleWhileRevalidateMs) return 'stale';
  if (age < config.freshMs + config.staleIfErrorMs) return 'fallback';
  return 'expired';
}

/** How long the Cache API must keep an entry: as long as any use of it remains. */
export function retentionMs(answer: ImpressionAnswer, config: SponsoredConfig): number {
  return answer.status === 204 ? config.emptyMs : config.freshMs + Math.max(config.staleWhileRevalidateMs, config.staleIfErrorMs);
}

/**
 * Stores an answer in the edge cache under `key` with the time it was fetched.
 * The Cache API has no stale-while-revalidate nor stale-if-error, so the entry
 * is kept for its whole useful life and the relay judges its age itself.
 */
export async function putCachedAnswer(cache: Cache, key: string, entry: CachedAnswer, config: SponsoredConfig): Promise<void> {
  const seconds = Math.ceil(retentionMs(entry.answer, config) / 1000);
  if (seconds <= 0) return;
  const body = entry.answer.status === 200 ? JSON.stringify(entry.answer.impression) : '';
  await cache.put(
    key,
    new Response(body, {
      // Stored as 200 whatever the upstream said: the Cache API is not meant to keep a 204.
      status: 200,
      headers: {
        'content-type': 'application/json',
        'cache-control': `public, max-age=${seconds}`,
        [storedAtHeader]: String(entry.storedAt),
        [statusHeader]: String(entry.answer.status),
      },
    }),
  );
}

/** Reads an answer from the edge cache, or `null` when there is none (or it is not one of ours). */
export async function matchCachedAnswer(cache: Cache, key: string): Promise<CachedAnswer | null> {
  const response = await cache.match(key);
  if (!response) return null;
  const storedAt = Number(response.headers.get(storedAtHeader));
  const status = response.headers.get(statusHeader);
  if (!Number.isFinite(storedAt) || storedAt <= 0) return null;
  if (status === '204') {
    await response.body?.cancel();
    return { answer: { status: 204 }, storedAt };
  }
  if (status !== '200') return null;
  return { answer: { status: 200, impression: (await response.json()) as Impression }, storedAt };
}
