/**
 * A sliding-window log of granted permits: at most `limit` grants in any window
 * of `windowMs`, and grants at least `windowMs / limit` apart. Unlike a token
 * bucket, whose full bucket plus its refill can grant nearly twice the rate
 * within one second, this never does; the even spacing keeps a late call (one
 * that left well after its grant) from landing in the same second as a full
 * burst of later ones.
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
    const last = this.granted.at(-1);
    const spacing = this.windowMs / limit;
    const untilSpaced = last === undefined ? 0 : Math.ceil(last + spacing - now);
    const untilRoom = this.granted.length < limit ? 0 : this.granted[this.granted.length - limit]! + this.windowMs - now;
    const wait = Math.max(untilSpaced, untilRoom);
    if (wait <= 0) {
      this.granted.push(now);
      return 0;
    }
    return wait;
  }
}
