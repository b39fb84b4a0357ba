import { DurableObject } from 'cloudflare:workers';
import { SlidingWindow } from './sliding-window.ts';

/**
 * The window a permit counts in. A little over one second, so that network
 * jitter between granting a permit and the call reaching the upstream cannot
 * put more than the limit into any one second the upstream measures.
 */
export const permitWindowMs = 1100;

/** A limiter's answer: go (`waitMs` 0), or wait; `paused` when the wait is an upstream's own `Retry-After`. */
export interface Permit {
  waitMs: number;
  paused: boolean;
}

/**
 * The one place that hands out upstream call permits for one upstream and
 * partner, for every kind of call: the buffer's deliveries
 * (`{destination}:{partnerId}`) and Sponsored Products
 * (`sponsored:{partnerId}`). Durable Objects are single instances, so every
 * shard and isolate in every location asks the same one: the limit holds
 * across them all. The log lives in memory: an evicted limiter has been idle
 * for far longer than its window.
 */
export class UpstreamRateLimiter extends DurableObject<Env> {
  private readonly window = new SlidingWindow(permitWindowMs);
  private pausedUntil = 0;

  /**
   * Grants one call now or says how long to wait before asking again.
   * `spaced` (deliveries, which can wait) keeps grants evenly apart; without
   * it (Sponsored Products misses, which cannot) a burst up to the limit goes.
   */
  acquire(limitPerSecond: number, spaced = true): Permit {
    const now = Date.now();
    if (now < this.pausedUntil) return { waitMs: this.pausedUntil - now, paused: true };
    return { waitMs: this.window.take(now, Math.max(1, Math.floor(limitPerSecond)), spaced), paused: false };
  }

  /**
   * Grants nothing until `until` (epoch ms): a 429's `Retry-After` speaks for the
   * partner's whole quota, so every caller waits, not only the one that was told.
   */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }
}
