import type { CacheOutcome } from '../sponsored/cache-outcome.ts';

/**
 * One line of the recent-activity log (`GET /admin/activity`), the feed of the
 * event inspector. `at` is epoch milliseconds. No entry carries an event's body,
 * the apiKey, an email or a phone number.
 */
export type ActivityEntry =
  | { kind: 'accepted' | 'duplicate'; at: number; partnerId: string; visitor: string; method: string; eventId?: string }
  | { kind: 'rejected'; at: number; partnerId: string; index: number; path: string; reason: string }
  /** A request's events from a bot's browser, answered 2xx and not forwarded (`BOT_FILTER`); `userAgent` clipped. */
  | { kind: 'bot'; at: number; partnerId: string; events: number; userAgent: string }
  | { kind: 'forwarded'; at: number; destination: string; partnerId: string; events: number; status: number; calls: number }
  | { kind: 'retry'; at: number; destination: string; partnerId: string; events: number; status: number; reason: string; retryInMs: number }
  | { kind: 'unauthorized'; at: number; destination: string; partnerId: string; events: number; status: number; reason: string; retryInMs: number }
  | {
      kind: 'dead_letter';
      at: number;
      destination: string;
      partnerId: string;
      visitor: string;
      method: string;
      eventId?: string;
      status: number;
      reason: string;
    }
  /**
   * A call's events sent again although the destination may already hold them
   * (`cause`: the relay restarted mid-call, or the call got no answer); the
   * visitors and order lines are at `GET /admin/possible-duplicates`.
   */
  | {
      kind: 'possibly_duplicated';
      at: number;
      destination: string;
      partnerId: string;
      cause: 'restart' | 'no_answer';
      events: number;
      orders: number;
      inFlightSince: number;
      refusedUpstream: boolean;
    }
  /** Dead letters an operator sent back to their destination's queue, or dropped (`GET /admin/dead-letters`). */
  | { kind: 'replayed' | 'dropped'; at: number; destination: string; partnerId: string; events: number }
  /**
   * One Sponsored Products request: how the relay's impressions cache answered
   * (`outcome` as in the `x-rrelay-cache` header: `hit`, `miss`, `stale`,
   * `stale-if-error`, `fallback`), the status the visitor got (200, or 204 when
   * there is nothing to show), and how long the answer took.
   */
  | { kind: 'sponsored'; at: number; partnerId: string; placement: string; outcome: CacheOutcome; status: number; ms: number };
