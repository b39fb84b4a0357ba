/**
 * A sliding-window log of granted permits: at most `limit` grants in any window
 * of `windowMs`. Unlike a token bucket, whose full bucket plus its refill can
 * grant nearly twice the rate within one second, it never does. `spaced` also
 * keeps grants at least `windowMs / limit` apart, so a late call (one that left
 * well after its grant) cannot land in the same second as a full burst of later
 * ones; without it a burst up to the limit goes at once (what a page's
 * Sponsored Products misses need: they cannot wait).
 */
export class SlidingWindow {
  private readonly granted: number[] = [];
  private readonly windowMs: number;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Grants a permit at `now` and returns 0, or returns how many milliseconds to wait before asking again. */
  take(now: number, limit: number, spaced = true): number {
    while (this.granted.length > 0 && this.granted[0]! <= now - this.windowMs) this.granted.shift();
    const last = this.granted.at(-1);
    const untilSpaced = !spaced || last === undefined ? 0 : Math.ceil(last + this.windowMs / limit - now);
    const untilRoom = this.granted.length < limit ? 0 : this.granted[this.granted.length - limit]! + this.windowMs - now;
    const wait = Math.max(untilSpaced, untilRoom);
    if (wait <= 0) {
      this.granted.push(now);
      return 0;
    }
    return wait;
  }
}
