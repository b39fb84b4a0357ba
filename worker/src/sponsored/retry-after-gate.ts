/** The wait used when a Sponsored Products 429 comes without a usable `Retry-After`. */
export const defaultRetryAfterMs = 1000;

/**
 * Per partner, the time before which the upstream must not be called again
 * because it answered 429. Kept in the isolate's memory so a limited isolate
 * does not even ask the rate-limiter Durable Object (which keeps the same
 * deadline for all isolates).
 */
export class RetryAfterGate {
  #until = new Map<string, number>();

  /** Records a 429's `Retry-After` for `partnerId`. */
  block(partnerId: string, retryAfterMs: number, now: number): void {
    this.#until.set(partnerId, Math.max(this.#until.get(partnerId) ?? 0, now + retryAfterMs));
  }

  /** Tells whether the upstream may not be called for `partnerId` now. */
  isBlocked(partnerId: string, now: number): boolean {
    const until = this.#until.get(partnerId);
    if (until === undefined) return false;
    if (until > now) return true;
    this.#until.delete(partnerId);
    return false;
  }
}
