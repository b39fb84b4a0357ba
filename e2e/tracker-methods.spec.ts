import { expect, test } from '@playwright/test';
import { receivedEvents, resetUpstream, waitForEvents } from './upstream-client.ts';
import { type Fields, fixtureUrl, serveTrackerFixtures, trackerLaunchOptions } from './tracker-fixtures.ts';

test.use({ launchOptions: trackerLaunchOptions });

test.beforeEach(async ({ context }) => {
  await resetUpstream();
  await serveTrackerFixtures(context);
});

const timestamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);

test('every method reaches the upstream with the API’s own fields, the session and a timestamp', async ({ page }) => {
  await page.goto(fixtureUrl('blank.html'));
  const sessionExternalId = await page.evaluate(() => {
    const rr = (window as any).rr;
    rr.view({ productId: 123456, stockId: 'NewYork' });
    rr.groupView({ groupId: 654321, productIds: [123456, 234567], stockId: 'NewYork' });
    rr.addToBasket({ productId: 234567, stockId: 'NewYork' });
    rr.categoryView({ categoryId: 77 });
    rr.order({ transaction: 'T-135243', items: [{ productId: 234567, price: 1321.43, quantity: 3, stockId: 'NewYork' }, { productId: 345678, price: 10, quantity: 1 }] });
    rr.search({ searchPhrase: 'подгузник', stockId: 'NewYork' });
    rr.setContact({ contactExternalId: 'cust2342', email: 'example@email.com', phone: '+4930123456', customData: '{"tier":"gold"}' });
    rr.recomBlockViewed({ recomBlockId: 'home-top' });
    rr.recomTap({ productId: 123456, recomBlockId: 'home-top', stockId: 'NewYork' });
    rr.recomAddToBasket({ productId: 123456, recomBlockId: 'home-top' });
    rr.impressionContentViewed({ impressionContentId: 'content-1' });
    rr.impressionContentClicked({ impressionContentId: 'content-1' });
    rr.flush();
    return rr.sessionId as string;
  });
  const visitor = { sessionExternalId, timestamp };
  const events = await waitForEvents((all) => all.length >= 13);
  expect(events.map(({ method, body }) => ({ method, body }))).toEqual([
    { method: 'view', body: { productId: 123456, stockId: 'NewYork', ...visitor } },
    { method: 'groupView', body: { groupId: 654321, productIds: [123456, 234567], stockId: 'NewYork', ...visitor } },
    { method: 'addToBasket', body: { productId: 234567, stockId: 'NewYork', ...visitor } },
    { method: 'categoryView', body: { categoryId: 77, ...visitor } },
    { method: 'order', body: { productId: 234567, price: 1321.43, quantity: 3, stockId: 'NewYork', transaction: 'T-135243', ...visitor } },
    { method: 'order', body: { productId: 345678, price: 10, quantity: 1, transaction: 'T-135243', ...visitor } },
    { method: 'search', body: { searchPhrase: 'подгузник', stockId: 'NewYork', ...visitor } },
    { method: 'setContact', body: { contactExternalId: 'cust2342', email: 'example@email.com', phone: '+4930123456', customData: '{"tier":"gold"}', ...visitor } },
    { method: 'recomBlockViewed', body: { recomBlockId: 'home-top', ...visitor } },
    { method: 'recomTap', body: { productId: 123456, recomBlockId: 'home-top', stockId: 'NewYork', ...visitor } },
    { method: 'recomAddToBasket', body: { productId: 123456, recomBlockId: 'home-top', ...visitor } },
    { method: 'impressionContentViewed', body: { impressionContentId: 'content-1', ...visitor } },
    { method: 'impressionContentClicked', body: { impressionContentId: 'content-1', ...visitor } },
  ]);
  expect(events.every((event) => event.partnerId === process.env.RR_PARTNER_ID)).toBe(true);
});

test('a call that breaks the contract is dropped with a console message and never throws into the page', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  await page.goto(fixtureUrl('blank.html'));
  const threw = await page.evaluate(() => {
    const rr = (window as any).rr;
    try {
      rr.view({ productId: '123' });
      rr.view({ productId: -5 });
      rr.addToBasket();
      rr.view({ productId: 5 });
      rr.flush();
      return false;
    } catch {
      return true;
    }
  });
  expect(threw).toBe(false);
  const events = await waitForEvents((all) => all.length >= 1);
  expect(events.map((event) => event.body as Fields)).toMatchObject([{ productId: 5 }]);
  // Production build: once per kind.
  expect(warnings).toEqual(['rr: view dropped: productId is invalid: "123"', 'rr: addToBasket dropped: fields must be an object']);
  await page.waitForTimeout(500);
  expect(await receivedEvents()).toHaveLength(1);
});

test('the debug build (rr.debug.js, data-debug) logs every event and every send', async ({ page }) => {
  const logs: string[] = [];
  page.on('console', (message) => logs.push(`${message.type()}: ${message.text()}`));
  await page.goto(fixtureUrl('debug.html'));
  await page.evaluate(() => (window as any).rr.view({ productId: 9 }));
  await page.evaluate(() => (window as any).rr.flush());
  await waitForEvents((all) => all.length >= 1);
  expect(logs.some((line) => line.startsWith('log: rr: view'))).toBe(true);
  await expect.poll(() => logs.some((line) => line.startsWith('log: rr: sent 1 event(s): done'))).toBe(true);
});

test('the production build carries no debug code', async () => {
  const { readFile } = await import('node:fs/promises');
  const production = await readFile(new URL('../packages/tracker/dist/rr.js', import.meta.url), 'utf8');
  const debug = await readFile(new URL('../packages/tracker/dist/rr.debug.js', import.meta.url), 'utf8');
  expect(debug).toContain('rr: sent');
  expect(production).not.toContain('rr: sent');
  expect(production).not.toContain('console.log');
});
