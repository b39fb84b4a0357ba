import { expect, test, type Page } from '@playwright/test';
import { reportRelayOnFailure } from './failure-report.ts';
import { startRelayProxy } from './relay-proxy.ts';
import { receivedEvents, resetUpstream, waitForEvents } from './upstream-client.ts';
import { type Fields, fixtureUrl, serveTrackerFixtures, trackerLaunchOptions } from './tracker-fixtures.ts';

test.use({ launchOptions: trackerLaunchOptions });
reportRelayOnFailure();

test.beforeEach(async ({ context }) => {
  await resetUpstream();
  await serveTrackerFixtures(context);
});

const track = (page: Page, ids: number[]) =>
  page.evaluate((productIds) => {
    for (const productId of productIds) (window as any).rr.view({ productId });
    return (window as any).rr.flush();
  }, ids);
const viewsOf = async () => (await receivedEvents()).filter((event) => event.method === 'view').map((event) => (event.body as Fields).productId).sort((a, b) => a - b);

test('offline, then online: every event kept in IndexedDB arrives exactly once', async ({ page, context }) => {
  await page.goto(fixtureUrl('blank.html'));
  await context.setOffline(true);
  await track(page, [1, 2, 3]);
  await track(page, [4]);
  await page.waitForTimeout(1000);
  expect(await receivedEvents()).toEqual([]);

  await context.setOffline(false);
  await waitForEvents((all) => all.length >= 4);
  await track(page, [5]);
  await waitForEvents((all) => all.length >= 5);
  await page.waitForTimeout(2000);
  expect(await viewsOf()).toEqual([1, 2, 3, 4, 5]);
});

test('events kept while offline are sent by the next page, exactly once', async ({ page, context }) => {
  await page.goto(fixtureUrl('blank.html'));
  await context.setOffline(true);
  await track(page, [11, 12]);
  await page.close();

  await context.setOffline(false);
  const next = await context.newPage();
  await next.goto(fixtureUrl('blank.html'));
  await waitForEvents((all) => all.length >= 2);
  const second = await context.newPage();
  await second.goto(fixtureUrl('blank.html'));
  await next.waitForTimeout(2000);
  expect(await viewsOf()).toEqual([11, 12]);
});

test('an event tracked while offline is kept at once, without a flush, and sent by the next page', async ({ page, context }) => {
  await page.goto(fixtureUrl('blank.html'));
  await context.setOffline(true);
  await page.evaluate(() => (window as any).rr.view({ productId: 21 }));
  // IndexedDB writes are asynchronous: a page torn down within milliseconds of the call could lose it (README).
  await page.waitForTimeout(250);
  await page.goto('about:blank');

  await context.setOffline(false);
  await page.goto(fixtureUrl('blank.html'));
  await waitForEvents((all) => all.length >= 1);
  await page.waitForTimeout(2000);
  expect(await viewsOf()).toEqual([21]);
});

test('a beacon the browser took but could not deliver as the visitor left is sent by a later page, once', async ({ page, context }) => {
  // Playwright's routing never sees a beacon, so the relay is reached through a proxy that can cut the
  // connection: the browser hands the beacon over, and nothing tells the page it never arrived.
  const proxy = await startRelayProxy();
  try {
    await context.unrouteAll();
    await serveTrackerFixtures(context, { endpoint: proxy.url });
    await page.goto(fixtureUrl('blank.html'));
    // Wait for the page's start (it sends what earlier pages left), so that the views below are still queued when the page goes.
    await page.evaluate(() => (window as any).rr.flush());
    await page.evaluate(() => {
      (window as any).rr.view({ productId: 31 });
      (window as any).rr.view({ productId: 32 });
    });
    proxy.mode = 'drop';
    await page.click('#away');
    await page.waitForURL((url) => url.pathname === '/');
    await expect.poll(() => proxy.droppedBodies.join(), { timeout: 5000 }).toContain('"productId":32');
    proxy.mode = 'pass';
    await page.waitForTimeout(1500);
    expect(await receivedEvents()).toEqual([]);

    await page.goto(fixtureUrl('blank.html'));
    await waitForEvents((all) => all.length >= 2);
    await page.waitForTimeout(2000);
    expect(await viewsOf()).toEqual([31, 32]);
  } finally {
    await proxy.close();
  }
});

test('a send the relay could not take is retried while the page stays, with no new event and no new page', async ({ page, context }) => {
  let unavailable = 0;
  await context.route(`${process.env.RELAY_URL}/1.0/**`, (route) =>
    unavailable++ < 2 ? route.fulfill({ status: 503, headers: { 'access-control-allow-origin': '*' }, body: 'relay restarting' }) : route.continue(),
  );
  await page.goto(fixtureUrl('blank.html'));
  // flush() resolves once the relay answered 503 and the events were kept.
  await track(page, [41, 42]);
  expect(unavailable).toBeGreaterThanOrEqual(1);
  expect(await receivedEvents()).toEqual([]);
  // Backoff: 2 s, then 4 s; the try after the two refused ones goes through.
  await waitForEvents((all) => all.length >= 2, 15_000);
  expect(unavailable).toBeGreaterThanOrEqual(3);
  await page.waitForTimeout(1000);
  expect(await viewsOf()).toEqual([41, 42]);
});
