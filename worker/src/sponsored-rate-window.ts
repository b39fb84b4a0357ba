/**
 * A sliding-window rate limit: at most `limit` grants in any `windowMs`. Unlike a
 * token bucket (which lets a full bucket plus a second's refill through in the
 * first second), it never exceeds a limit counted the way the upstream counts it,
 * "requests per second". Time is passed in, so it is testable and runs anywhere.
 */
export class RateWindow {
  limit: number;
  windowMs: number;
  #grants: number[] = [];

  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Takes one call: 0 when granted, else the milliseconds until one will be free. */
  take(now: number): number {
    while (this.#grants.length > 0 && this.#grants[0]! <= now - this.windowMs) this.#grants.shift();
    if (this.#grants.length < this.limit) {
      this.#grants.push(now);
      return 0;
    }
    return this.#grants[0]! + this.windowMs - now;
  }
}
