/** Where a simulated visitor's events come from: a plain HTTP client or the real tracker in a browser (Chromium, Firefox or WebKit). */
export type VisitorKind = 'http' | 'browser';

/**
 * What the chaos run's visitors sent and what the relay acknowledged, keyed by
 * `{sessionExternalId}:{sequence}`. The sequence is the event's `productId`:
 * each visitor numbers its events 1, 2, 3… in the order it tracks them, so the
 * upstream's copy says who sent it, which one it was, and in which order.
 */
export class Ledger {
  /** Events handed to the relay (HTTP) or tracked in a page (browser), by key. */
  readonly sent = new Map<string, VisitorKind>();
  /** Events inside a request the relay answered with a 2xx. */
  readonly acknowledged = new Set<string>();
  /** Visitor ids and the kind of client behind each. */
  readonly visitors = new Map<string, VisitorKind>();
  /** Sends repeated on purpose after a 2xx (the same events and eventIds again). */
  duplicateSends = 0;
  /** Sends repeated because the relay did not answer 2xx (down, 5xx, 429). */
  retriedSends = 0;
  /** 4xx answers other than 408/429: a bug in the run or the relay, never expected. */
  refusals: string[] = [];

  /** Records that a visitor tracked the event with this sequence number. */
  track(kind: VisitorKind, visitor: string, sequence: number): void {
    this.visitors.set(visitor, kind);
    this.sent.set(eventKey(visitor, sequence), kind);
  }

  /** Records the events of a request the relay answered 2xx (a tracker-format body). */
  acknowledge(body: unknown): void {
    for (const key of keysOfBody(body)) this.acknowledged.add(key);
  }
}

/** `{sessionExternalId}:{productId}`: one event of one visitor. */
export const eventKey = (visitor: string, sequence: number) => `${visitor}:${sequence}`;

/** The event keys in a `visitorEvents` body (tracker format, with or without `eventId`). */
export function keysOfBody(body: unknown): string[] {
  if (!Array.isArray(body)) return [];
  const keys: string[] = [];
  for (const envelope of body) {
    const view = (envelope as { view?: { sessionExternalId?: string; productId?: number } } | null)?.view;
    if (view && typeof view.sessionExternalId == 'string' && typeof view.productId == 'number') keys.push(eventKey(view.sessionExternalId, view.productId));
  }
  return keys;
}
