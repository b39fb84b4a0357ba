import { DurableObject } from 'cloudflare:workers';
import { SlidingWindow } from './sliding-window.ts';

/**
 * The window a permit counts in. A little over one second, so that network
 * jitter between granting a permit and the call reaching the upstream cannot
 * put more than the limit into any one second the upstream measures.
 */
export const permitWindowMs = 1100;

/**
 * The one place that hands out upstream call permits for one destination and
 * partner (named `{destination}:{partnerId}`). Durable Objects are single
 * instances, so every buffer shard in every location asks the same one: the
 * limit holds across isolates. The log lives in memory: an evicted limiter has
 * been idle for far longer than its window.
 */
export class UpstreamRateLimiter extends DurableObject<Env> {
  private readonly window = new SlidingWindow(permitWindowMs);
  private pausedUntil = 0;

  /** Grants one call now (returns 0) or says how many milliseconds to wait before asking again. */
  acquire(limitPerSecond: number): number {
    const now = Date.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    return this.window.take(now, Math.max(1, Math.floor(limitPerSecond)));
  }

  /**
   * Grants nothing until `until` (epoch ms): a 429's `Retry-After` speaks for the
   * partner's whole quota, so every shard waits, not only the one that was told.
   */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }
}
