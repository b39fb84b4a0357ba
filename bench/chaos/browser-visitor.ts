import type { Tab, Visitor } from '../../e2e/engines/visitor.ts';
import type { RelayProxy } from '../../e2e/relay-proxy.ts';
import { setCutOff } from '../../e2e/tracker-calls.ts';
import type { Ledger } from './ledger.ts';

/** How one browser visitor behaves. */
export interface BrowserVisitorOptions {
  /** A fresh browser profile in one engine (e2e/engines). */
  browser: Visitor;
  /** A fixture page of the tracker (`e2e/fixtures/blank.html` from the fixture server) whose tracker reaches the relay through `proxy`. */
  pageUrl: string;
  /** The visitor's own proxy to the relay: its "offline" in an engine that cannot emulate offline (WebKit). */
  proxy: RelayProxy;
  /** Epoch ms after which the visitor tracks nothing new. */
  stopTrackingAt: number;
  ledger: Ledger;
}

/** One step of a browser visitor: when, what it did, and the sequence numbers tracked on the page before it. */
export interface BrowserStep {
  at: number;
  action: string;
  /** The events tracked just before the step, first and last sequence number. */
  tracked?: [number, number];
}

/** A running browser visitor: stops tracking at `stopTrackingAt`, then `finish()` revisits once and closes. */
export interface BrowserVisitor {
  done: Promise<void>;
  /** The engine it runs in. */
  readonly engine: Visitor['engine'];
  /** The visitor's session id (once it has tracked) and what it did, in order: to trace an event that never arrived. */
  readonly visitor: string;
  readonly steps: BrowserStep[];
  /** One last page view, so that events kept in IndexedDB are resent, a wait for the batch, and closing. */
  finish(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A shopper driving the real tracker (`rr.js`) in Chromium, Firefox or WebKit: tracks `view` events
 * numbered 1, 2, 3… (the number is the `productId`), and between them navigates away right after
 * tracking, closes the tab, waits for the batch, goes offline and comes back (in WebKit, which
 * cannot emulate offline, its proxy to the relay drops every connection instead), or goes back to
 * a page restored from the back/forward cache. The pages' requests are not observed (WebDriver
 * cannot), so a browser event counts only once delivered: the verdict counts every tracked one.
 */
export async function startBrowserVisitor(options: BrowserVisitorOptions): Promise<BrowserVisitor> {
  const { ledger, browser, proxy } = options;
  let visitor = '';
  let sequence = 0;
  const steps: BrowserStep[] = [];
  let lastTracked: [number, number] | undefined;
  const step = (action: string) => {
    steps.push({ at: Date.now(), action, ...(lastTracked ? { tracked: lastTracked } : {}) });
    lastTracked = undefined;
  };
  let pageNumber = 0;
  let tab: Tab | undefined;
  let onPage = false;
  const setOffline = (offline: boolean) => setCutOff(browser, proxy, offline);
  const open = async (target: Tab) => {
    await target.goto(`${options.pageUrl}${options.pageUrl.includes('?') ? '&' : '?'}page=${++pageNumber}`);
    await target.waitFor(() => typeof (window as any).rr?.view == 'function');
    onPage = true;
  };
  const track = async (target: Tab, count: number) => {
    const from = sequence + 1;
    sequence += count;
    const id: string = await target.evaluate(([first, last]: [number, number]) => {
      const rr = (window as any).rr;
      for (let productId = first; productId <= last; productId++) rr.view({ productId });
      return rr.sessionId;
    }, [from, sequence] as [number, number]);
    visitor = id;
    lastTracked = lastTracked ? [lastTracked[0], sequence] : [from, sequence];
    for (let number = from; number <= sequence; number++) ledger.track('browser', id, number);
  };

  const done = (async () => {
    while (Date.now() < options.stopTrackingAt) {
      try {
        tab ??= await browser.newTab();
        if (!onPage) await open(tab);
        await track(tab, 1 + Math.floor(Math.random() * 5));
        const roll = Math.random();
        if (roll < 0.3) {
          step('left at once by navigating');
          await open(tab); // leave right after the clicks: the batch goes on pagehide
        } else if (roll < 0.45) {
          step('closed the tab at once');
          await tab.close();
          tab = undefined;
          onPage = false;
        } else if (roll < 0.6) {
          step('went offline');
          await setOffline(true);
          await track(tab, 1 + Math.floor(Math.random() * 3));
          await sleep(500 + Math.random() * 1500);
          step('came back online');
          await setOffline(false); // the tracker resends kept events on `online`, or on its next retry
        } else if (roll < 0.75) {
          step('navigated, then went back');
          await open(tab);
          await tab.back(); // from the back/forward cache when the engine keeps it
          await tab.waitFor(() => typeof (window as any).rr?.view == 'function' && document.readyState == 'complete');
          step(`back (${(await tab.evaluate(() => (window as any).restoredFromCache)) ? 'from the back/forward cache' : 'loaded again'})`);
          await track(tab, 1 + Math.floor(Math.random() * 3));
        } else {
          step('stayed');
          await sleep(1200 + Math.random() * 800); // stay: the batch goes after its second
        }
      } catch (error) {
        step(`failed (${(error as Error).message.split('\n')[0]}); closed the tab`);
        // a navigation that failed while the relay or the network was away: carry on with a fresh tab
        await setOffline(false).catch(() => {});
        await tab?.close().catch(() => {});
        tab = undefined;
        onPage = false;
      }
      await sleep(200 + Math.random() * 600);
    }
  })();

  return {
    done,
    engine: browser.engine,
    get visitor() {
      return visitor;
    },
    steps,
    async finish() {
      await done;
      try {
        await setOffline(false);
        const last = tab ?? (await browser.newTab());
        step('finish: one last page');
        await open(last);
        await sleep(3000);
        await last.close();
        await sleep(500);
      } finally {
        await browser.close();
      }
    },
  };
}
