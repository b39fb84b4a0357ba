import { expect, test } from '@playwright/test';
import { receivedEvents, resetUpstream, waitForEvents } from './upstream-client.ts';
import { type Fields, fixtureUrl, serveTrackerFixtures, trackerLaunchOptions } from './tracker-fixtures.ts';

test.use({ launchOptions: trackerLaunchOptions });

test('calls made through the inline stub before the async script arrives are sent, in order', async ({ page, context }) => {
  await resetUpstream();
  // Hold rr.js back so that the page's calls surely come first.
  await serveTrackerFixtures(context, { scriptDelayMs: 1500 });
  await page.goto(fixtureUrl('stub.html'), { waitUntil: 'domcontentloaded' });
  expect(await page.evaluate(() => (window as any).stubWasStillThere)).toBe(true);
  await page.waitForFunction(() => !Array.isArray((window as any).rr.q));
  const sessionId = await page.evaluate(() => (window as any).rr.sessionId);
  await waitForEvents((all) => all.length >= 3);
  await page.waitForTimeout(500);
  const events = await receivedEvents();
  expect(events.map((event) => [event.method, (event.body as Fields).productId])).toEqual([
    ['view', 101],
    ['addToBasket', 102],
    ['order', 103],
  ]);
  expect(events[1]!.body).toMatchObject({ stockId: 'Berlin' });
  expect(events[2]!.body).toMatchObject({ transaction: 'T-stub', price: 9.5, quantity: 2 });
  expect(events.every((event) => (event.body as Fields).sessionExternalId === sessionId)).toBe(true);
});
