import { DurableObject } from 'cloudflare:workers';
import { RateWindow } from './sponsored-rate-window.ts';

// 5% over a second, so calls that travel unevenly still arrive within the upstream's count.
const windowMs = 1050;

/**
 * The answer of the rate limiter: go ahead, or wait this long, because this
 * second's calls are taken (`full`) or the upstream's last 429 asked everyone
 * to wait (`paused`).
 */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number; cause: 'full' | 'paused' };

/**
 * Durable Object, one per partner (`idFromName(partnerId)`): holds Retail
 * Rocket's Sponsored Products limit (50 calls a second per site by default)
 * for every isolate of the relay, and the `Retry-After` deadline of the last 429.
 * State is in memory only: losing it on eviction at worst allows one more second's calls.
 */
export class SponsoredRateLimiter extends DurableObject<Env> {
  #window: RateWindow | undefined;
  #blockedUntil = 0;

  /** Takes one upstream call from the partner's budget. */
  take(ratePerSecond: number): RateDecision {
    const now = Date.now();
    if (this.#blockedUntil > now) return { ok: false, retryAfterMs: this.#blockedUntil - now, cause: 'paused' };
    if (this.#window?.limit !== ratePerSecond) this.#window = new RateWindow(ratePerSecond, windowMs);
    const wait = this.#window.take(now);
    return wait === 0 ? { ok: true } : { ok: false, retryAfterMs: wait, cause: 'full' };
  }

  /** Records that the upstream answered 429: nobody calls it again for `retryAfterMs`. */
  block(retryAfterMs: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, Date.now() + retryAfterMs);
  }
}
