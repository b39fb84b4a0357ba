import { expect, test, type Page } from '@playwright/test';
import { reportRelayOnFailure } from './failure-report.ts';
import { startRelayProxy } from './relay-proxy.ts';
import { relayActivity } from './relay-activity.ts';
import { receivedEvents, resetUpstream } from './upstream-client.ts';
import { fixtureUrl, serveTrackerFixtures, trackerLaunchOptions } from './tracker-fixtures.ts';

// A shopper's whole visit in Chromium, the ways a page really goes: a click that
// leaves at once, a closed tab, an offline spell, a page restored from the
// back/forward cache. Every event must reach the upstream exactly once, in the
// order it was tracked (numbered by productId), whatever path it took.

// Playwright turns Chromium's back/forward cache off by default; a shopper's Chromium has it on.
test.use({ launchOptions: { ...trackerLaunchOptions, ignoreDefaultArgs: ['--disable-back-forward-cache'] } });
reportRelayOnFailure();

test.beforeEach(async ({ context }) => {
  await resetUpstream();
  await serveTrackerFixtures(context);
});

/** The event ids the relay took in (not dropped as already seen) for a visitor, from its activity log. */
const eventIdsAtRelay = async (visitor: string) =>
  (await relayActivity()).filter((entry) => entry.kind === 'accepted' && entry.visitor === visitor).map((entry) => entry.eventId!);

const view = (page: Page, ...productIds: number[]) =>
  page.evaluate((ids) => {
    for (const productId of ids) (window as any).rr.view({ productId });
    return (window as any).rr.sessionId as string;
  }, productIds);

const viewsOf = async (sessionId: string) =>
  (await receivedEvents()).flatMap((event) => (event.method === 'view' && event.body.sessionExternalId === sessionId ? [(event.body as { productId: number }).productId] : []));

test('a visit through a leave-at-once click, a closed tab, an offline spell and a back/forward restore: every event once, in order', async ({ context }) => {
  await context.addInitScript(() => addEventListener('pageshow', (event) => ((window as any).restoredFromCache = event.persisted)));
  let page = await context.newPage();

  // Views, then a link away at once: the batch leaves on pagehide.
  await page.goto(fixtureUrl('blank.html'));
  const sessionId = await view(page, 1, 2, 3);
  await page.click('#away');
  await page.waitForURL((url) => url.pathname === '/');

  // Back: the page comes from the back/forward cache, its tracker alive.
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForFunction(() => (window as any).restoredFromCache === true, undefined, { timeout: 10_000 });
  await view(page, 4, 5);

  // The tab is closed right after.
  await page.close({ runBeforeUnload: true });

  // A new tab, an offline spell with views in it, then back online.
  page = await context.newPage();
  await page.goto(fixtureUrl('blank.html'));
  await view(page, 6);
  await page.evaluate(() => (window as any).rr.flush());
  await context.setOffline(true);
  await view(page, 7, 8);
  await page.waitForTimeout(1500);
  await context.setOffline(false);
  await view(page, 9);

  // Offline again, views, and the tab closed while offline: the next page sends them.
  await page.evaluate(() => (window as any).rr.flush());
  await context.setOffline(true);
  await view(page, 10, 11);
  await page.waitForTimeout(300);
  await page.close();
  await context.setOffline(false);
  page = await context.newPage();
  await page.goto(fixtureUrl('blank.html'));
  await view(page, 12);
  await page.evaluate(() => (window as any).rr.flush());

  const expected = Array.from({ length: 12 }, (_, index) => index + 1);
  await expect.poll(() => viewsOf(sessionId), { timeout: 20_000 }).toHaveLength(expected.length);
  await page.waitForTimeout(2000);
  expect(await viewsOf(sessionId)).toEqual(expected);
  // By eventId: the relay took in twelve distinct ids for this visitor, each once (a resent one would show as a duplicate).
  const accepted = await eventIdsAtRelay(sessionId);
  expect(accepted).toHaveLength(expected.length);
  expect(new Set(accepted).size).toBe(expected.length);
});

test('a send that fails keeps its events ahead of the ones tracked after it, on the same page', async ({ page, context }) => {
  let refuse = true;
  await context.route(`${process.env.RELAY_URL}/1.0/**`, (route) => {
    if (!refuse) return route.continue();
    refuse = false;
    return route.abort('connectionrefused');
  });
  await page.goto(fixtureUrl('blank.html'));
  const sessionId = await view(page, 1, 2);
  await page.evaluate(() => (window as any).rr.flush());
  expect(refuse).toBe(false);
  await view(page, 3);
  await page.evaluate(() => (window as any).rr.flush());
  await expect.poll(() => viewsOf(sessionId), { timeout: 10_000 }).toHaveLength(3);
  expect(await viewsOf(sessionId)).toEqual([1, 2, 3]);
});

test('a page that goes while its failed send waits for a retry beacons those events ahead of the newer ones', async ({ page, context }) => {
  // The relay refuses the page's live sends (503); a beacon never goes through Playwright's routing, so the exit beacon reaches it.
  let refused = 0;
  await context.route(`${process.env.RELAY_URL}/1.0/**`, (route) => (refused++, route.fulfill({ status: 503, headers: { 'access-control-allow-origin': '*' }, body: 'busy' })));
  await page.goto(fixtureUrl('blank.html'));
  const sessionId = await view(page, 1, 2);
  await page.evaluate(() => (window as any).rr.flush());
  expect(refused).toBeGreaterThan(0);
  await view(page, 3);
  await context.unroute(`${process.env.RELAY_URL}/1.0/**`);
  await page.click('#away');
  await page.waitForURL((url) => url.pathname === '/');
  await expect.poll(() => viewsOf(sessionId), { timeout: 10_000 }).toHaveLength(3);
  await page.waitForTimeout(1500);
  expect(await viewsOf(sessionId)).toEqual([1, 2, 3]);
});

test('a send in flight as the page enters the back/forward cache, failing there, is kept and sent once the page is back', async ({ page, context }) => {
  const proxy = await startRelayProxy();
  try {
    await context.unrouteAll();
    await serveTrackerFixtures(context, { endpoint: proxy.url });
    await context.addInitScript(() => addEventListener('pageshow', (event) => ((window as any).restoredFromCache = event.persisted)));
    await page.goto(fixtureUrl('blank.html'));
    await page.evaluate(() => (window as any).rr.flush());
    // The relay goes quiet: the send of 51 and 52 hangs, and the page is left while it does.
    proxy.mode = 'hold';
    const sessionId = await view(page, 51, 52);
    await page.evaluate(() => void (window as any).rr.flush());
    await expect.poll(() => proxy.held).toBe(1);
    await page.click('#away');
    await page.waitForURL((url) => url.pathname === '/');
    // The held send and the exit beacon are both cut; the page sits frozen in the cache meanwhile.
    proxy.mode = 'drop';
    await expect.poll(() => proxy.droppedBodies.filter((body) => body.includes('"productId":52')).length).toBe(2);
    proxy.mode = 'pass';
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => (window as any).restoredFromCache === true, undefined, { timeout: 10_000 });
    await expect.poll(() => viewsOf(sessionId), { timeout: 15_000 }).toHaveLength(2);
    await page.waitForTimeout(1500);
    expect(await viewsOf(sessionId)).toEqual([51, 52]);
  } finally {
    await proxy.close();
  }
});
