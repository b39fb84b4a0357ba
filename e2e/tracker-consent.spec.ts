import { expect, test, type Page } from '@playwright/test';
import { receivedEvents, resetUpstream, waitForEvents } from './upstream-client.ts';
import { type Fields, fixtureUrl, serveTrackerFixtures, trackerLaunchOptions } from './tracker-fixtures.ts';

test.use({ launchOptions: trackerLaunchOptions });

test.beforeEach(async ({ context }) => {
  await resetUpstream();
  await serveTrackerFixtures(context);
});

const track = (page: Page, productId: number) =>
  page.evaluate((id) => {
    (window as any).rr.view({ productId: id });
    return (window as any).rr.flush();
  }, productId);
const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));

test('pending: no cookie and nothing sent; once granted: the cookie is written and the waiting events are sent', async ({ page, context }) => {
  await page.goto(fixtureUrl('consent.html'));
  await track(page, 1);
  await track(page, 2);
  await page.waitForTimeout(1500);
  expect(await receivedEvents()).toEqual([]);
  expect((await context.cookies()).find((cookie) => cookie.name === 'rrsid')).toBeUndefined();

  const sessionId = await page.evaluate(() => {
    (window as any).rr.setConsent('granted');
    return (window as any).rr.sessionId;
  });
  const events = await waitForEvents((all) => all.length >= 2);
  expect(events.map((event) => [(event.body as Fields).productId, (event.body as Fields).sessionExternalId])).toEqual([[1, sessionId], [2, sessionId]]);
  expect((await context.cookies()).find((cookie) => cookie.name === 'rrsid')?.value).toBe(sessionId);
});

test('denied: events are dropped and nothing is stored, not even an earlier cookie', async ({ page, context }) => {
  await context.addCookies([{ name: 'rrsid', value: 'earlier123', url: process.env.DEMO_URL! }]);
  await page.goto(fixtureUrl('consent.html'));
  await track(page, 1);
  await page.evaluate(() => (window as any).rr.setConsent('denied'));
  await track(page, 2);
  await page.waitForTimeout(1500);
  expect(await receivedEvents()).toEqual([]);
  expect((await context.cookies()).find((cookie) => cookie.name === 'rrsid')).toBeUndefined();
  expect(await databases(page)).toEqual([]);
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
});

test('Global Privacy Control is honoured by default: nothing sent, no cookie', async ({ page, context }) => {
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  await page.goto(fixtureUrl('blank.html'));
  expect(await page.evaluate(() => (window as any).rr.consent)).toBe('denied');
  await track(page, 1);
  await page.waitForTimeout(1500);
  expect(await receivedEvents()).toEqual([]);
  expect((await context.cookies()).find((cookie) => cookie.name === 'rrsid')).toBeUndefined();
});
