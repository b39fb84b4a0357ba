import type { VisitorEvent } from '@rrelay/protocol';

/**
 * How one call to a destination ended, as the relay's buffer needs to know it:
 * - `delivered`: the destination took every event of the batch;
 * - `retry`: a 5xx, a timeout, a dropped connection or a 429; try again later
 *   (`afterMs` from `Retry-After` when the destination gave one);
 * - `rejected`: the destination refused the batch as bad input (400); the buffer
 *   splits it to find the offending events and dead-letters only those;
 * - `unauthorized`: 401/403, the key is wrong; hold the events and say so loudly.
 */
export type DeliveryOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; status: number; reason: string; afterMs?: number }
  | { kind: 'rejected'; status: number; reason: string }
  | { kind: 'unauthorized'; status: number; reason: string };

/**
 * A vendor the relay forwards accepted events to. Each destination has its own
 * queue position, rate, retries and dead letters, so one that is down never
 * delays or loses another's events. Adding a vendor is one module that
 * implements this and one line in the list of destinations.
 */
export interface Destination {
  /** Stable name for storage keys, logs and the health report, e.g. `retailrocket`. */
  readonly name: string;
  /** Whether the relay's configuration turns this destination on. */
  enabled(env: Env): boolean;
  /** Whether this destination takes the event at all (a vendor ignores events it has no mapping for). */
  accepts(event: VisitorEvent): boolean;
  /** Whether it is set up for this partner (a key, a site id); a partner it does not serve gets none of its events queued. */
  servesPartner(env: Env, partnerId: string): boolean;
  /** Upstream calls per second this destination allows, across the whole relay. */
  ratePerSecond(env: Env): number;
  /**
   * Whether the vendor itself refuses an event it already took (eSputnik answers
   * `Duplicated event`), so a resend after an unknown outcome never arrives twice.
   */
  readonly refusesRepeats: boolean;
  /** The most events one call may carry (1 for a vendor without a batch API). */
  maxBatch(env: Env): number;
  /** Sends one batch of one partner's events, all of which `accepts` took. Never throws. */
  send(env: Env, partnerId: string, events: readonly VisitorEvent[]): Promise<DeliveryOutcome>;
}
