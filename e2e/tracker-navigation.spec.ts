import { expect, test } from '@playwright/test';
import { reportRelayOnFailure } from './failure-report.ts';
import { receivedEvents, resetUpstream, waitForEvents } from './upstream-client.ts';
import { type Fields, fixtureUrl, serveTrackerFixtures, trackerLaunchOptions } from './tracker-fixtures.ts';

test.use({ launchOptions: trackerLaunchOptions });
reportRelayOnFailure();

test('a click that leaves the page at once still arrives, once (sent as the page goes, with sendBeacon)', async ({ page, context }) => {
  await resetUpstream();
  await serveTrackerFixtures(context);
  await page.goto(fixtureUrl('navigate.html'));
  await page.click('#product');
  await page.waitForURL((url) => url.pathname === '/');
  const events = await waitForEvents((all) => all.some((event) => event.method === 'recomTap'));
  expect(events.filter((event) => event.method === 'recomTap').map((event) => event.body as Fields)).toMatchObject([{ productId: 4242, recomBlockId: 'home-top' }]);
  await page.waitForTimeout(1500);
  expect((await receivedEvents()).filter((event) => event.method === 'recomTap')).toHaveLength(1);
});

test('an event waiting when the visitor leaves by a link is sent, and the page tracks again on coming back', async ({ page, context }) => {
  await resetUpstream();
  await serveTrackerFixtures(context);
  await page.goto(fixtureUrl('blank.html'));
  await page.evaluate(() => (window as any).rr.view({ productId: 1 }));
  await page.click('#away');
  await page.waitForURL((url) => url.pathname === '/');
  await page.goBack();
  await page.evaluate(() => {
    (window as any).rr.view({ productId: 2 });
    return (window as any).rr.flush();
  });
  const events = await waitForEvents((all) => all.filter((event) => event.method === 'view').length >= 2);
  expect(events.filter((event) => event.method === 'view').map((event) => (event.body as Fields).productId)).toEqual([1, 2]);
});
