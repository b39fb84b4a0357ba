import { expect, test } from './engines/engine-test.ts';
import { fixtureUrl } from './fixture-server.ts';
import { consoleLines, type Fields, flushTracker, pause } from './tracker-calls.ts';
import { receivedEvents, waitForEvents } from './upstream-client.ts';

const timestamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);

test('every method reaches the upstream with the API’s own fields, the session and a timestamp', async ({ visitor }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('blank.html'));
  const sessionExternalId = await tab.evaluate(() => {
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
  const shopper = { sessionExternalId, timestamp };
  const events = await waitForEvents((all) => all.length >= 13);
  expect(events.map(({ method, body }) => ({ method, body }))).toEqual([
    { method: 'view', body: { productId: 123456, stockId: 'NewYork', ...shopper } },
    { method: 'groupView', body: { groupId: 654321, productIds: [123456, 234567], stockId: 'NewYork', ...shopper } },
    { method: 'addToBasket', body: { productId: 234567, stockId: 'NewYork', ...shopper } },
    { method: 'categoryView', body: { categoryId: 77, ...shopper } },
    { method: 'order', body: { productId: 234567, price: 1321.43, quantity: 3, stockId: 'NewYork', transaction: 'T-135243', ...shopper } },
    { method: 'order', body: { productId: 345678, price: 10, quantity: 1, transaction: 'T-135243', ...shopper } },
    { method: 'search', body: { searchPhrase: 'подгузник', stockId: 'NewYork', ...shopper } },
    { method: 'setContact', body: { contactExternalId: 'cust2342', email: 'example@email.com', phone: '+4930123456', customData: '{"tier":"gold"}', ...shopper } },
    { method: 'recomBlockViewed', body: { recomBlockId: 'home-top', ...shopper } },
    { method: 'recomTap', body: { productId: 123456, recomBlockId: 'home-top', stockId: 'NewYork', ...shopper } },
    { method: 'recomAddToBasket', body: { productId: 123456, recomBlockId: 'home-top', ...shopper } },
    { method: 'impressionContentViewed', body: { impressionContentId: 'content-1', ...shopper } },
    { method: 'impressionContentClicked', body: { impressionContentId: 'content-1', ...shopper } },
  ]);
  expect(events.every((event) => event.partnerId === process.env.RR_PARTNER_ID)).toBe(true);
});

test('a call that breaks the contract is dropped with a console message naming the field, and never throws into the page', async ({ visitor }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('blank.html'));
  const threw = await tab.evaluate(() => {
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
  // The production build carries no field checks: the relay's answer names each refused field, once per field and reason.
  const warnings = async () => (await consoleLines(tab)).filter((line) => line.startsWith('warn: '));
  await expect.poll(async () => (await warnings()).length).toBe(3);
  expect(await warnings()).toEqual([
    expect.stringMatching(/^warn: rr: the relay dropped an event: view\.productId .+/),
    expect.stringMatching(/^warn: rr: the relay dropped an event: view\.productId .+/),
    expect.stringMatching(/^warn: rr: the relay dropped an event: addToBasket\.productId .+/),
  ]);
  expect(new Set(await warnings()).size).toBe(3);
  await pause(500);
  expect(await receivedEvents()).toHaveLength(1);
});

test('the debug build says at once what is wrong with a call, before anything is sent', async ({ visitor }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('debug.html'));
  await tab.evaluate(() => {
    const rr = (window as any).rr;
    rr.view({ productId: '123' });
    rr.addToBasket();
  });
  const warnings = (await consoleLines(tab)).filter((line) => line.startsWith('warn: '));
  expect(warnings).toEqual(['warn: rr: view dropped: productId is invalid: "123"', 'warn: rr: addToBasket dropped: fields must be an object']);
});

test('the debug build (rr.debug.js, data-debug) logs every event and every send', async ({ visitor }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('debug.html'));
  await tab.evaluate(() => (window as any).rr.view({ productId: 9 }));
  await flushTracker(tab);
  await waitForEvents((all) => all.length >= 1);
  expect((await consoleLines(tab)).some((line) => line.startsWith('log: rr: view'))).toBe(true);
  await expect.poll(async () => (await consoleLines(tab)).some((line) => line.startsWith('log: rr: sent 1 event(s): done'))).toBe(true);
});

test('the production build carries no debug code', async ({ engine }) => {
  test.skip(engine !== 'chromium', 'a check of the build, not of an engine: once is enough');
  const { readFile } = await import('node:fs/promises');
  const production = await readFile(new URL('../packages/tracker/dist/rr.js', import.meta.url), 'utf8');
  const debug = await readFile(new URL('../packages/tracker/dist/rr.debug.js', import.meta.url), 'utf8');
  expect(debug).toContain('rr: sent');
  expect(production).not.toContain('rr: sent');
  expect(production).not.toContain('console.log');
});
