import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from '@playwright/test';

const fixturesDir = fileURLToPath(new URL('fixtures/', import.meta.url));
const distDir = fileURLToPath(new URL('../packages/tracker/dist/', import.meta.url));

/** Where the tracker's fixture pages are served: under the demo store's origin, which the relay allows. */
export const fixtureUrl = (page: string) => `${process.env.DEMO_URL}/__tracker/${page}`;

/**
 * Serves `e2e/fixtures/*.html` (with `{{RELAY_URL}}` and `{{PARTNER_ID}}` filled
 * in) and the built `rr.js` / `rr.debug.js` at `{DEMO_URL}/__tracker/…`, by
 * Playwright routing: the pages get the demo store's origin without the demo
 * store having to know about them. `scriptDelayMs` holds back the tracker
 * script, to make calls happen before it arrives; `endpoint` puts another
 * relay address in the pages (a proxy in front of the relay).
 */
export async function serveTrackerFixtures(context: BrowserContext, options: { scriptDelayMs?: number; endpoint?: string } = {}): Promise<void> {
  await context.route(`${process.env.DEMO_URL}/__tracker/**`, async (route) => {
    const name = new URL(route.request().url()).pathname.slice('/__tracker/'.length);
    if (/^rr(\.debug)?\.js$/.test(name)) {
      if (options.scriptDelayMs) await new Promise((resolve) => setTimeout(resolve, options.scriptDelayMs));
      return route.fulfill({ contentType: 'text/javascript', body: await readFile(distDir + name, 'utf8') });
    }
    if (!/^[\w-]+\.html$/.test(name)) return route.fulfill({ status: 404, body: 'not found' });
    const html = (await readFile(fixturesDir + name, 'utf8'))
      .replaceAll('{{RELAY_URL}}', options.endpoint ?? process.env.RELAY_URL!)
      .replaceAll('{{PARTNER_ID}}', process.env.RR_PARTNER_ID!);
    return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
  });
}

const debianChromium = '/usr/bin/chromium';

/**
 * Launch options for the tracker's specs: those of playwright.config.ts, plus
 * turning off Chromium's Local Network Access check. A page fulfilled by
 * Playwright's routing has no known address space, so Chromium would treat it
 * as public and refuse its requests to the relay on 127.0.0.1; on a real
 * store, page and relay are both public and the check never applies.
 */
export const trackerLaunchOptions = {
  ...(existsSync(debianChromium) ? { executablePath: debianChromium } : {}),
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run',
    '--disable-features=LocalNetworkAccessChecks',
  ],
};

/** An event body as the specs read it, whatever its method. */
export type Fields = Record<string, any>;
