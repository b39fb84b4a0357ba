import { expect, test } from './engines/engine-test.ts';
import { fixtureUrl } from './fixture-server.ts';
import { type Fields, pause } from './tracker-calls.ts';
import { receivedEvents, waitForEvents } from './upstream-client.ts';

test('calls made through the inline stub before the async script arrives are sent, in order', async ({ visitor }) => {
  const tab = await visitor.newTab();
  // The fixture server holds rr.js back so that the page's calls surely come first.
  await tab.gotoWithoutWaiting(fixtureUrl('stub.html', { scriptDelayMs: 1500 }));
  await tab.waitFor(() => 'stubWasStillThere' in window);
  expect(await tab.evaluate(() => (window as any).stubWasStillThere)).toBe(true);
  await tab.waitFor(() => !Array.isArray((window as any).rr.q));
  const sessionId = await tab.evaluate(() => (window as any).rr.sessionId as string);
  await waitForEvents((all) => all.length >= 3);
  await pause(500);
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
