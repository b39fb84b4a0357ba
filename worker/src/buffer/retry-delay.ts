/** How the delay before a retry grows. */
export interface BackoffPolicy {
  /** Delay before the first retry, in milliseconds. */
  baseMs: number;
  /** The longest delay, in milliseconds. */
  maxMs: number;
}

/**
 * The delay before retry number `attempt` (1 for the first): exponential backoff
 * with full jitter, a random delay between half and all of `base · 2^(attempt−1)`
 * (capped), so that many shards retrying after one outage do not hit the upstream
 * together. A `Retry-After` from the upstream (`afterMs`) is a floor.
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, afterMs = 0, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.round(Math.max(jittered, afterMs));
}
