import { autoTrack } from './auto-track.ts';
import { createTracker } from './create-tracker.ts';
import { impression, type ImpressionRequest } from './impression.ts';
import { storeEvents, type StoreTracker } from './store-events.ts';

/** `window.rr` in a page: the tracker (with the store events in rr.stores.js), plus `impression()`; before the script arrives, the inline stub. */
type ScriptTracker = StoreTracker & { impression(request: ImpressionRequest): ReturnType<typeof impression> };
type Stub = { q?: [method: string, args: unknown[]][] };

/**
 * The `<script async>` entry: reads `data-partner-id`, `data-endpoint`,
 * `data-consent`, `data-cookie-domain`, `data-session-id`, `data-debug` and
 * `data-honor-gpc` from
 * its own tag, exposes the tracker as `window.rr`, replays (in order) the calls
 * the inline stub queued before it arrived, and starts auto-tracking.
 */
const page = window as unknown as { rr?: ScriptTracker & Stub };
const queued = page.rr?.q;
if (!page.rr || queued) {
  const data = (document.currentScript as HTMLScriptElement | null)?.dataset || {};
  // The tag's data-consent, data-cookie-domain and data-session-id are options of the same names.
  const tracker = createTracker({
    ...data,
    partnerId: data.partnerId || '',
    endpoint: data.endpoint || location.origin,
    debug: __DEBUG__ && data.debug != null,
    honorGpc: data.honorGpc != 'false',
  });
  // rr.stores.js only: the store events a second destination such as eSputnik needs.
  const rr = (__STORE_EVENTS__ ? storeEvents(tracker) : tracker) as ScriptTracker;
  rr.impression = (request) => impression(rr, request);
  page.rr = rr;
  for (const [method, args] of queued || []) (rr as any)[method]?.(...args);
  autoTrack(rr);
}
