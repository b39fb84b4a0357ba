/**
 * A sliding-window log of granted permits: at most `limit` grants in any window
 * of `windowMs`. Unlike a token bucket, whose full bucket plus its refill can
 * grant nearly twice the rate within one second, this never does.
 */
export class SlidingWindow {
  private readonly granted: number[] = [];
  private readonly windowMs: number;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Grants a permit at `now` and returns 0, or returns how many milliseconds to wait before asking again. */
  take(now: number, limit: number): number {
    while (this.granted.length > 0 && this.granted[0]! <= now - this.windowMs) this.granted.shift();
    if (this.granted.length < limit) {
      this.granted.push(now);
      return 0;
    }
    return Math.max(1, this.granted[this.granted.length - limit]! + this.windowMs - now);
  }
}
