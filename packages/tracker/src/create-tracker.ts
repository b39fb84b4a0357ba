import type { TrackedEventEnvelope, TrackingEventBody, TrackingMethod } from '@rrelay/protocol';
import { trackingMethods } from '@rrelay/protocol/tracking-methods';
import { checkFields } from './check-fields.ts';
import { timestampNow } from './local-timestamp.ts';
import { randomId } from './random-id.ts';
import { readSessionCookie, writeSessionCookie } from './session.ts';
import { inBrowser } from './in-browser.ts';
import { createSendQueue } from './send-queue.ts';

/** Whether the visitor lets the store track them: `pending` while a consent banner waits for an answer. */
export type Consent = 'granted' | 'pending' | 'denied';

/** How a tracker is set up. */
export interface TrackerOptions {
  /** The store's Retail Rocket partner id (public). */
  partnerId: string;
  /** The relay's origin, e.g. `https://relay.example.com` (or `https://shop.example` when routed on the store's site). */
  endpoint: string;
  /**
   * A `sessionExternalId` the site already has (from server rendering or a native app): letters and
   * digits, at most 50. In a browser one is otherwise read from the `rrsid` cookie or made; on a server, pass it.
   */
  sessionId?: string;
  /** The session cookie's domain, e.g. `.example.com` to share it across subdomains. */
  cookieDomain?: string;
  /** `granted` (default): events are sent. `pending`: no cookie, events wait in memory. `denied`: events are dropped, nothing is stored. */
  consent?: Consent;
  /** Honour Global Privacy Control: a browser that sends it starts with consent `denied` (default `true`). */
  honorGpc?: boolean;
  /** Log each event and each send to the console; only in the debug builds (`rr.debug.js`, the `development` export). */
  debug?: boolean;
  /** How long an event waits for others to share its request, in ms (default 1000). */
  batchDelayMs?: number;
}

/** The fields of a method as the storefront passes them: the tracker adds `sessionExternalId` and `timestamp`. */
export type EventFields<M extends TrackingMethod> = Omit<TrackingEventBody<M>, 'sessionExternalId' | 'timestamp'>;

/** One line item of an order. */
export type OrderItem = Omit<EventFields<'order'>, 'transaction'>;

/** The tracker's public API: one method per Retail Rocket event, named after its API path. */
export interface Tracker {
  /** A product page was viewed: `rr.view({ productId: 123456, stockId: 'NewYork' })`. */
  view(fields: EventFields<'view'>): void;
  /** A page showing a group of products (variants) was viewed. */
  groupView(fields: EventFields<'groupView'>): void;
  /** A product was added to the basket (outside a recommendation block). */
  addToBasket(fields: EventFields<'addToBasket'>): void;
  /** A category page was viewed. */
  categoryView(fields: EventFields<'categoryView'>): void;
  /**
   * An order was placed: `rr.order({ transaction, items: [{ productId, price, quantity, stockId }] })` sends
   * one `order` event per line item, as Retail Rocket asks. A single line in the API's own shape is accepted too.
   */
  order(fields: { transaction: string; items: OrderItem[] } | EventFields<'order'>): void;
  /** A search was made (or its results page viewed). */
  search(fields: EventFields<'search'>): void;
  /** The visitor identified themself. The only event that carries personal data (email, phone). */
  setContact(fields: EventFields<'setContact'>): void;
  /** A recommendation block was seen (at least half of it visible). */
  recomBlockViewed(fields: EventFields<'recomBlockViewed'>): void;
  /** A product in a recommendation block was clicked. */
  recomTap(fields: EventFields<'recomTap'>): void;
  /** A product was added to the basket from a recommendation block. */
  recomAddToBasket(fields: EventFields<'recomAddToBasket'>): void;
  /** Sponsored content was seen (at least half of it visible). */
  impressionContentViewed(fields: EventFields<'impressionContentViewed'>): void;
  /** Sponsored content was clicked. */
  impressionContentClicked(fields: EventFields<'impressionContentClicked'>): void;
  /**
   * Queues one event of any method. The building block of the per-method functions and of
   * `storeEvents`. The relay checks every field and names each it refuses (the console says so); the
   * debug build also checks as the event is tracked: `check` says why its fields break the contract,
   * or nothing (check-fields.ts's `checkFields` of Retail Rocket's methods by default).
   */
  track(method: string, fields: object, check?: (fields: any) => string | undefined): void;
  /** Sends what is queued now; resolves when the relay has answered (or the events were kept for a resend). */
  flush(): Promise<void>;
  /** Changes the visitor's consent, e.g. from the store's consent banner. */
  setConsent(consent: Consent): void;
  /** The visitor's consent now. */
  readonly consent: Consent;
  /** The visitor's `sessionExternalId`. */
  readonly sessionId: string;
  /** The partner id this tracker sends for. */
  readonly partnerId: string;
  /** The relay's origin, without a trailing slash. */
  readonly endpoint: string;
}

/**
 * Creates a tracker that checks each event, batches events, and sends them to
 * the relay without losing any: in a browser, each event is copied to IndexedDB
 * as it is tracked and the copy removed once the relay took it, so what a
 * failed send or a lost beacon leaves is retried while the page stays, when
 * back online, and by the next page; on a server (no DOM, no cookie, no
 * IndexedDB), failed sends stay queued for the next `flush()`.
 */
export function createTracker(options: TrackerOptions): Tracker {
  const { partnerId, sessionId: given, cookieDomain } = options;
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const url = `${endpoint}/1.0/visitorEvents?partnerId=${encodeURIComponent(partnerId)}`;
  const sessionId = (given && /^[A-Za-z0-9]{1,50}$/.test(given) ? given : inBrowser && readSessionCookie()) || randomId();
  // Between `pagehide` and `pageshow`: the page is going, or sits in the back/forward cache.
  let leaving = false;
  const granted = () => tracker.consent == 'granted';
  const queue = createSendQueue(url, options.batchDelayMs ?? 1000, granted, options.debug);
  // Event ids: a random prefix made once (128 bits, as randomId is slow enough to matter per call) and a
  // count, so that ids are unique across pages and cheap: at most 28 + 8 characters, within the relay's 36.
  const eventIdPrefix = randomId();
  let eventCount = 0;

  const track = (method: string, fields: any, check?: (fields: any) => string | undefined) => {
    // The debug build says at once what is wrong with a call; the production build leaves the checks to the
    // relay, whose answer names each refused field (relay-reasons.ts), so the page carries no copy of the wire.
    if (__DEBUG__) {
      const problem = check ? check(fields) : checkFields(method, fields);
      if (problem) {
        console.warn(`rr: ${method} dropped: ${problem}`);
        return;
      }
    }
    if (tracker.consent == 'denied') return;
    const event = { [method]: { ...fields, sessionExternalId: sessionId, timestamp: timestampNow() }, eventId: eventIdPrefix + (eventCount++).toString(36) } as TrackedEventEnvelope;
    if (__DEBUG__ && options.debug) console.log(`rr: ${method}`, event);
    queue.add(event, granted());
  };

  const tracker = {
    flush: queue.flush,
    track,
    sessionId,
    partnerId,
    endpoint,
    consent: 'pending',
    setConsent(consent: Consent) {
      tracker.consent = consent;
      if (__DEBUG__ && options.debug) console.log(`rr: consent ${consent}`);
      if (consent == 'denied') queue.clear();
      if (inBrowser && consent != 'pending') writeSessionCookie(consent == 'granted' ? sessionId : '', cookieDomain);
      if (consent == 'granted') queue.start();
    },
    order(fields: any) {
      if (Array.isArray(fields?.items)) for (const item of fields.items) track('order', { ...item, transaction: fields.transaction });
      else track('order', fields);
    },
  } as any as Tracker & { consent: Consent };
  for (const method of trackingMethods) (tracker as any)[method] ||= (fields: unknown) => track(method, fields);

  if (inBrowser) {
    // A hidden tab may never be shown again, so its events go now; a page that is going has beaconed them at `pagehide`.
    addEventListener('visibilitychange', () => document.visibilityState == 'hidden' && !leaving && queue.flush());
    addEventListener('pagehide', () => {
      leaving = true;
      queue.leave();
    });
    addEventListener('pageshow', (event) => {
      leaving = false;
      queue.back(event.persisted);
    });
    addEventListener('online', queue.resend);
  }
  tracker.setConsent(
    options.honorGpc !== false && typeof navigator == 'object' && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl
      ? 'denied'
      : options.consent || 'granted',
  );
  return tracker;
}
