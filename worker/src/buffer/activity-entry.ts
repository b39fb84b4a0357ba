/**
 * One line of the recent-activity log (`GET /admin/activity`), the feed of the
 * event inspector. `at` is epoch milliseconds. No entry carries an event's body,
 * the apiKey, an email or a phone number.
 */
export type ActivityEntry =
  | { kind: 'accepted' | 'duplicate'; at: number; partnerId: string; visitor: string; method: string; eventId?: string }
  | { kind: 'rejected'; at: number; partnerId: string; index: number; path: string; reason: string }
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
    };
