import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { Ledger } from './ledger.ts';

/** How one Chromium visitor behaves. */
export interface BrowserVisitorOptions {
  browser: Browser;
  /** An origin the relay allows (the demo store's); the visitor's pages are served there by Playwright routing. */
  pageOrigin: string;
  relayUrl: string;
  partnerId: string;
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

/** A running Chromium visitor: stops tracking at `stopTrackingAt`, then `finish()` revisits once and closes. */
export interface BrowserVisitor {
  done: Promise<void>;
  /** The visitor's session id (once it has tracked) and what it did, in order: to trace an event that never arrived. */
  readonly visitor: string;
  readonly steps: BrowserStep[];
  /** One last page view, so that events kept in IndexedDB are resent, a wait for the batch, and closing. */
  finish(): Promise<void>;
}

const trackerScript = fileURLToPath(new URL('../../packages/tracker/dist/rr.js', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const pageHtml = (relayUrl: string, partnerId: string, title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<script src="rr.js" data-partner-id="${partnerId}" data-endpoint="${relayUrl}"></script>
</head><body><p>${title}</p></body></html>`;

/**
 * A shopper in Chromium driving the real tracker (`rr.js`): tracks `view`
 * events numbered 1, 2, 3… (the number is the `productId`), and between them
 * navigates away right after tracking, closes the tab, waits for the batch,
 * goes offline and comes back, or goes back to a page restored from the
 * back/forward cache. A request to the relay counts as acknowledged when
 * Chromium saw a 2xx answer to it.
 */
export async function startBrowserVisitor(options: BrowserVisitorOptions): Promise<BrowserVisitor> {
  const { ledger } = options;
  const context = await options.browser.newContext();
  const script = await readFile(trackerScript, 'utf8');
  await context.route(`${options.pageOrigin}/__chaos/**`, async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    if (name == 'rr.js') return route.fulfill({ contentType: 'text/javascript', body: script });
    return route.fulfill({ contentType: 'text/html; charset=utf-8', body: pageHtml(options.relayUrl, options.partnerId, name) });
  });
  const ingest = `${options.relayUrl}/1.0/visitorEvents`;
  context.on('requestfinished', (request) => {
    if (!request.url().startsWith(ingest)) return;
    void request.response().then((response) => {
      if (response && response.status() >= 200 && response.status() < 300) ledger.acknowledge(JSON.parse(request.postData() ?? '[]'));
    }, () => {});
  });

  let visitor = '';
  let sequence = 0;
  const steps: BrowserStep[] = [];
  let lastTracked: [number, number] | undefined;
  const step = (action: string) => {
    steps.push({ at: Date.now(), action, ...(lastTracked ? { tracked: lastTracked } : {}) });
    lastTracked = undefined;
  };
  let pageNumber = 0;
  let page: Page | undefined;
  const pageUrl = () => `${options.pageOrigin}/__chaos/p${++pageNumber}.html`;
  const open = async (target: Page) => {
    await target.goto(pageUrl(), { waitUntil: 'load', timeout: 20_000 });
    await target.waitForFunction(() => typeof (window as any).rr?.view == 'function', undefined, { timeout: 10_000 });
  };
  const track = async (target: Page, count: number) => {
    const from = sequence + 1;
    sequence += count;
    const id: string = await target.evaluate(([first, last]) => {
      const rr = (window as any).rr;
      for (let productId = first; productId <= last; productId++) rr.view({ productId });
      return rr.sessionId;
    }, [from, sequence] as const);
    visitor = id;
    lastTracked = lastTracked ? [lastTracked[0], sequence] : [from, sequence];
    for (let number = from; number <= sequence; number++) ledger.track('browser', id, number);
  };

  const done = (async () => {
    while (Date.now() < options.stopTrackingAt) {
      try {
        page ??= await context.newPage();
        if (!page.url().includes('/__chaos/')) await open(page);
        await track(page, 1 + Math.floor(Math.random() * 5));
        const roll = Math.random();
        if (roll < 0.3) {
          step('left at once by navigating');
          await open(page); // leave right after the clicks: the batch goes on pagehide
        } else if (roll < 0.45) {
          step('closed the tab at once');
          await page.close(); // close the tab
          page = undefined;
        } else if (roll < 0.6) {
          step('went offline');
          await context.setOffline(true);
          await track(page, 1 + Math.floor(Math.random() * 3));
          await sleep(500 + Math.random() * 1500);
          step('came back online');
          await context.setOffline(false); // the tracker resends kept events on `online`
        } else if (roll < 0.75) {
          step('navigated, then went back');
          await open(page);
          await page.goBack({ waitUntil: 'commit', timeout: 20_000 }); // from the back/forward cache when Chromium keeps it
          await page.waitForFunction(() => typeof (window as any).rr?.view == 'function' && document.readyState == 'complete', undefined, { timeout: 10_000 });
          step(`back (${await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type ?? 'unknown')})`);
          await track(page, 1 + Math.floor(Math.random() * 3));
        } else {
          step('stayed');
          await sleep(1200 + Math.random() * 800); // stay: the batch goes after its second
        }
      } catch (error) {
        step(`failed (${(error as Error).message.split('\n')[0]}); closed the tab`);
        // a navigation that failed while the relay or the network was away: carry on with a fresh tab
        await context.setOffline(false).catch(() => {});
        await page?.close().catch(() => {});
        page = undefined;
      }
      await sleep(200 + Math.random() * 600);
    }
  })();

  return {
    done,
    get visitor() {
      return visitor;
    },
    steps,
    async finish() {
      await done;
      try {
        await context.setOffline(false);
        const last = page ?? (await context.newPage());
        step('finish: one last page');
        await open(last);
        await sleep(3000);
        await last.close({ runBeforeUnload: true });
        await sleep(500);
      } finally {
        await context.close();
      }
      if (!visitor) return;
    },
  };
}
