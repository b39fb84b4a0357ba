/**
 * A token bucket: `ratePerSecond` tokens a second, at most `ratePerSecond` saved
 * up (one second's burst). Time is passed in, so it is testable and runs anywhere.
 */
export class TokenBucket {
  ratePerSecond: number;
  tokens: number;
  updatedAt: number;

  constructor(ratePerSecond: number, now: number) {
    this.ratePerSecond = ratePerSecond;
    this.tokens = ratePerSecond;
    this.updatedAt = now;
  }

  /** Takes one token: 0 when granted, else the milliseconds until one will be free. */
  take(now: number): number {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.ratePerSecond, this.tokens + (elapsed * this.ratePerSecond) / 1000);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }
}
