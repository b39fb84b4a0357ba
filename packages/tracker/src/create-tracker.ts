import type { TrackedEventEnvelope, TrackingEventBody, TrackingMethod } from '@rrelay/protocol';
import { randomId } from './random-id.ts';
import { visitorSession, type SessionCookieOptions } from './session.ts';
import { sendBatch } from './transport.ts';

/** How a tracker is set up. */
export interface TrackerOptions extends SessionCookieOptions {
  /** The store's Retail Rocket partner id (public). */
  partnerId: string;
  /** The relay's origin, e.g. `https://relay.example.com`. */
  endpoint: string;
  /** A `sessionExternalId` the site already has; by default one is made and kept in a cookie. */
  sessionId?: string;
}

type EventFields<M extends TrackingMethod> = Omit<TrackingEventBody<M>, 'sessionExternalId' | 'timestamp'>;

/** The tracker's public API: one method per Retail Rocket event. */
export interface Tracker {
  /** A product page was viewed. */
  view(fields: EventFields<'view'>): void;
  /** A product was added to the basket. */
  addToBasket(fields: EventFields<'addToBasket'>): void;
  /** Sends what is queued now. */
  flush(): void;
  /** The visitor's `sessionExternalId`. */
  readonly sessionId: string;
}

/** ISO 8601 with the visitor's own UTC offset, e.g. `2026-11-24T10:00:00.000+03:00`. */
export function localTimestamp(date = new Date()): string {
  const offset = -date.getTimezoneOffset();
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = new Date(date.getTime() + offset * 60000).toISOString().slice(0, -1);
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Creates a tracker that batches events and beacons them to the relay. */
export function createTracker(options: TrackerOptions): Tracker {
  const sessionId = visitorSession(options.sessionId, options);
  const url = `${options.endpoint.replace(/\/$/, '')}/1.0/visitorEvents?partnerId=${encodeURIComponent(options.partnerId)}`;
  let queue: TrackedEventEnvelope[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!queue.length) return;
    sendBatch(url, JSON.stringify(queue));
    queue = [];
  };

  const track = <M extends TrackingMethod>(method: M, fields: EventFields<M>) => {
    const body = { ...fields, sessionExternalId: sessionId, timestamp: localTimestamp() };
    queue.push({ [method]: body, eventId: randomId(16) } as unknown as TrackedEventEnvelope);
    timer ??= setTimeout(flush, 1000);
  };

  addEventListener('pagehide', flush);
  addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());

  return {
    view: (fields) => track('view', fields),
    addToBasket: (fields) => track('addToBasket', fields),
    flush,
    sessionId,
  };
}
