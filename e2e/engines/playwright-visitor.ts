import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, BrowserType, Page } from '@playwright/test';
import type { BrowserCookie, Engine, Tab, Visitor } from './visitor.ts';

const debianChromium = '/usr/bin/chromium';

/**
 * A shopper's desktop Chrome as its user agent says. Headless Chromium says `HeadlessChrome`, which
 * the relay's bot filter (`BOT_FILTER`, on by default) answers and never forwards: the project's own
 * browsers must look like shoppers to be treated as shoppers, with the filter left on.
 */
export const shopperUserAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

/**
 * Debian's Chromium where it is installed (Playwright cannot download its own browser on a machine
 * without network; Playwright's own elsewhere), with the flags this machine needs: no sandbox or GPU,
 * no background traffic; and a shopper's user agent ({@link shopperUserAgent}).
 */
export const chromiumOnThisMachine = {
  ...(existsSync(debianChromium) ? { executablePath: debianChromium } : {}),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    `--user-agent=${shopperUserAgent}`,
  ],
};

/**
 * Chromium as a shopper has it: {@link chromiumOnThisMachine}, the back/forward cache on (Playwright turns it off by default), and no Local Network
 * Access check, which would treat the fixture pages' requests to the relay on 127.0.0.1 as a public
 * page reaching into a private network (on a real store both are public).
 */
const chromiumLaunchOptions = {
  ...chromiumOnThisMachine,
  args: [...chromiumOnThisMachine.args, '--disable-features=LocalNetworkAccessChecks'],
  ignoreDefaultArgs: ['--disable-back-forward-cache'],
};

/**
 * Debian's Firefox ESR through WebDriver BiDi (Playwright's `moz-firefox` channel; Playwright 1.64.1,
 * as 1.65 fails against ESR 153). The channel's default path is a snap: always name the binary.
 */
const firefoxLaunchOptions = { channel: 'moz-firefox', executablePath: '/usr/bin/firefox-esr', headless: true };

/** Launches Chromium or Firefox with Playwright. */
export function launchPlaywrightEngine(playwright: { chromium: BrowserType; firefox: BrowserType }, engine: Exclude<Engine, 'webkit'>): Promise<Browser> {
  return engine === 'firefox' ? playwright.firefox.launch(firefoxLaunchOptions) : playwright.chromium.launch(chromiumLaunchOptions);
}

const pollMs = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Playwright page as a {@link Tab}. */
export function playwrightTab(page: Page): Tab {
  const tab: Tab = {
    goto: async (url) => void (await page.goto(url)),
    gotoWithoutWaiting: async (url) => void (await page.goto(url, { waitUntil: 'commit' })),
    click: (selector) => page.click(selector),
    evaluate: (fn, argument) => page.evaluate(fn as any, argument),
    waitFor: async (fn, timeoutMs = 10_000) => void (await page.waitForFunction(fn, undefined, { timeout: timeoutMs, polling: pollMs })),
    async waitForPath(path, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (new URL(page.url()).pathname !== path) {
        if (Date.now() > deadline) throw new Error(`the tab stayed on ${page.url()}, not ${path}`);
        await sleep(pollMs);
      }
    },
    // `page.goBack()` never resolves in Firefox after a back/forward-cache restore (no load event),
    // and `page.url()` is not updated there: the page's own `location` is the truth.
    async back() {
      const here = () => page.evaluate(() => location.href).catch(() => '');
      const before = await here();
      await page.evaluate(() => history.back());
      const deadline = Date.now() + 10_000;
      while ([before, ''].includes(await here())) {
        if (Date.now() > deadline) throw new Error(`history.back() left the tab on ${before}`);
        await sleep(pollMs);
      }
    },
    scrollIntoView: (selector) => page.locator(selector).scrollIntoViewIfNeeded(),
    // With `runBeforeUnload`, `close()` resolves before the page is gone; a context-wide call made then would fail on it.
    async close() {
      const closed = page.waitForEvent('close');
      await page.close({ runBeforeUnload: true });
      await closed;
    },
  };
  return tab;
}

/** A fresh Playwright browser context (its own cookies and storage) as a {@link Visitor}. */
export async function playwrightVisitor(browser: Browser, engine: Exclude<Engine, 'webkit'>): Promise<Visitor> {
  const context: BrowserContext = await browser.newContext();
  return {
    engine,
    version: `${engine === 'firefox' ? 'Firefox' : 'Chromium'} ${browser.version()}`,
    newTab: async () => playwrightTab(await context.newPage()),
    cookies: async (url) =>
      (await context.cookies(url)).map(({ name, value, path, sameSite, httpOnly, secure, expires }) => ({ name, value, path, sameSite, httpOnly, secure, expires }) satisfies BrowserCookie),
    addCookie: (url, name, value) => context.addCookies([{ name, value, url }]),
    setOffline: (offline) => context.setOffline(offline),
    close: () => context.close(),
  };
}
