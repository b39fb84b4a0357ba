import type { Tab, Visitor } from './engines/engine-test.ts';
import type { RelayProxy } from './relay-proxy.ts';
import { receivedEvents } from './upstream-client.ts';

/** Waits this long (a spec giving a page, or the relay, time to do what it must not). */
export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An event body as the specs read it, whatever its method. */
export type Fields = Record<string, any>;

/** Tracks one `view` per product id on the tab's page (without a flush); resolves the visitor's session id. */
export const trackViews = (tab: Tab, ...productIds: number[]): Promise<string> =>
  tab.evaluate((ids: number[]) => {
    for (const productId of ids) (window as any).rr.view({ productId });
    return (window as any).rr.sessionId as string;
  }, productIds);

/** `rr.flush()` on the tab's page: resolves once the relay answered, or the events were kept for a resend. */
export const flushTracker = (tab: Tab): Promise<void> => tab.evaluate(() => (window as any).rr.flush());

/** The product ids of the `view` events the local upstream received, in the order received; of one visitor if given. */
export async function viewedProductIds(sessionId?: string): Promise<number[]> {
  return (await receivedEvents()).flatMap((event) =>
    event.method === 'view' && (sessionId === undefined || event.body.sessionExternalId === sessionId) ? [(event.body as Fields).productId as number] : [],
  );
}

/** The tab's console lines (`log: …`, `warn: …`), as the fixture pages' `page-probe.js` records them. */
export const consoleLines = (tab: Tab): Promise<string[]> => tab.evaluate(() => (window as any).consoleLines as string[]);

/**
 * Cuts the visitor off the relay, or brings it back: the browser offline where the engine can
 * emulate it (`navigator.onLine` and the `offline`/`online` events included); in WebKit, whose
 * WebDriver cannot, the relay proxy drops every connection instead (the page's address for the relay
 * must be the proxy's), so `navigator.onLine` stays true there and only the tracker's retries notice.
 */
export async function setCutOff(visitor: Visitor, proxy: RelayProxy, cut: boolean): Promise<void> {
  if (visitor.setOffline) await visitor.setOffline(cut);
  else proxy.mode = cut ? 'drop' : 'pass';
}
