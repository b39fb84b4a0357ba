import { expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { loadCatalog } from '../demo-site/catalog.ts';
import { receivedEvents, waitForEvents, type ReceivedEvent } from './upstream-client.ts';

/** The demo store's feed, to check that what reached Retail Rocket names products that exist. */
export const catalog = loadCatalog();

/**
 * Collects the page's console errors and uncaught exceptions from now on;
 * `expectNone()` fails the test with them.
 */
export function watchConsole(page: Page): { errors: string[]; expectNone(): void } {
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  return { errors, expectNone: () => expect(errors, 'console errors').toEqual([]) };
}

/** Saves a full-page screenshot into the test's output folder (`e2e/test-results/<test>/<name>.png`), to look at. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** The visitor's `sessionExternalId` from the tracker's `rrsid` cookie. */
export async function sessionId(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'rrsid');
  expect(cookie?.value).toMatch(/^[A-Za-z0-9]{1,50}$/);
  return cookie!.value;
}

/** Waits until this visitor's events upstream satisfy `predicate`; returns the visitor's events. */
export async function waitForVisitorEvents(context: BrowserContext, predicate: (mine: ReceivedEvent[]) => boolean): Promise<ReceivedEvent[]> {
  const session = await sessionId(context);
  const mine = (all: ReceivedEvent[]) => all.filter((e) => e.body.sessionExternalId === session);
  return mine(await waitForEvents((all) => predicate(mine(all))));
}

/** This visitor's events the upstream has accepted so far. */
export async function visitorEvents(context: BrowserContext): Promise<ReceivedEvent[]> {
  const session = await sessionId(context);
  return (await receivedEvents()).filter((e) => e.body.sessionExternalId === session);
}

/** The header's cart counter, as a number. */
export async function cartCount(page: Page): Promise<number> {
  return Number(await page.locator('#cart-count').textContent());
}

/**
 * Waits for the store's own script to have run. It is deferred, and a navigation by click resolves as the
 * new page commits: a click before the document is parsed lands on a button with no handler yet.
 */
export async function storeScriptRan(page: Page): Promise<void> {
  await page.waitForLoadState('domcontentloaded');
}

/** Checks the store's frame is there: logo, search, region switcher, cart, footer, and its script has run. */
export async function expectStoreFrame(page: Page): Promise<void> {
  await storeScriptRan(page);
  await expect(page.locator('.logo')).toBeVisible();
  await expect(page.locator('form[data-rr-search="q"] input[name="q"]')).toBeVisible();
  await expect(page.locator('#stock-switcher')).toBeVisible();
  await expect(page.locator('#cart-count')).toBeVisible();
  await expect(page.locator('.site-footer')).toBeVisible();
  // Every picture loaded (the SVGs named by the feed): polled, since a cold first page may still be
  // loading them; a broken one stays broken (complete, no width) and fails the check.
  const broken = () =>
    page.locator('img').evaluateAll((images) => images.filter((img) => !(img as HTMLImageElement).complete || (img as HTMLImageElement).naturalWidth === 0).map((img) => (img as HTMLImageElement).src));
  await expect.poll(broken, { message: 'broken pictures', timeout: 5000 }).toEqual([]);
}

/** An event's body as plain fields, for reading one field whatever the method. */
export function fields(event: ReceivedEvent): Record<string, unknown> {
  return event.body as Record<string, unknown>;
}
