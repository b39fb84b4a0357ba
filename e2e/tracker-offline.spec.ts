import { expect, test, type Page } from '@playwright/test';
import { receivedEvents, resetUpstream, waitForEvents } from './upstream-client.ts';
import { type Fields, fixtureUrl, serveTrackerFixtures, trackerLaunchOptions } from './tracker-fixtures.ts';

test.use({ launchOptions: trackerLaunchOptions });

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
