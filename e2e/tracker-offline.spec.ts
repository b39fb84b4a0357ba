import { expect, test, type Tab } from './engines/engine-test.ts';
import { fixtureUrl } from './fixture-server.ts';
import { pause, setCutOff, viewedProductIds } from './tracker-calls.ts';
import { receivedEvents, waitForEvents } from './upstream-client.ts';

// "Offline" is the browser's own offline mode where the engine can emulate it (Chromium, Firefox);
// WebKit's WebDriver cannot, so there the relay is cut off at the network instead (see `setCutOff`).

const track = (tab: Tab, ids: number[]) =>
  tab.evaluate((productIds: number[]) => {
    for (const productId of productIds) (window as any).rr.view({ productId });
    return (window as any).rr.flush();
  }, ids);
const viewsOf = async () => (await viewedProductIds()).sort((a, b) => a - b);

test('offline, then online: every event kept in IndexedDB arrives exactly once', async ({ visitor, relayProxy }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('blank.html', { endpoint: relayProxy.url }));
  await setCutOff(visitor, relayProxy, true);
  await track(tab, [1, 2, 3]);
  await track(tab, [4]);
  await pause(1000);
  expect(await receivedEvents()).toEqual([]);

  await setCutOff(visitor, relayProxy, false);
  await waitForEvents((all) => all.length >= 4);
  await track(tab, [5]);
  await waitForEvents((all) => all.length >= 5);
  await pause(2000);
  expect(await viewsOf()).toEqual([1, 2, 3, 4, 5]);
});

test('events kept while offline are sent by the next page, exactly once', async ({ visitor, relayProxy }) => {
  const page = fixtureUrl('blank.html', { endpoint: relayProxy.url });
  const tab = await visitor.newTab();
  await tab.goto(page);
  await setCutOff(visitor, relayProxy, true);
  await track(tab, [11, 12]);
  await tab.close();

  await setCutOff(visitor, relayProxy, false);
  const next = await visitor.newTab();
  await next.goto(page);
  await waitForEvents((all) => all.length >= 2);
  const second = await visitor.newTab();
  await second.goto(page);
  await pause(2000);
  expect(await viewsOf()).toEqual([11, 12]);
});

test('an event tracked while offline is kept at once, without a flush, and sent by the next page', async ({ visitor, relayProxy }) => {
  const page = fixtureUrl('blank.html', { endpoint: relayProxy.url });
  const tab = await visitor.newTab();
  await tab.goto(page);
  await setCutOff(visitor, relayProxy, true);
  await tab.evaluate(() => (window as any).rr.view({ productId: 21 }));
  // IndexedDB writes are asynchronous: a page torn down within milliseconds of the call could lose it (README).
  await pause(250);
  await tab.goto('about:blank');

  await setCutOff(visitor, relayProxy, false);
  await tab.goto(page);
  await waitForEvents((all) => all.length >= 1);
  await pause(2000);
  expect(await viewsOf()).toEqual([21]);
});

test('a beacon the browser took but could not deliver as the visitor left is sent by a later page, once', async ({ visitor, relayProxy }) => {
  // The relay is reached through a proxy that can cut the connection: the browser hands the beacon
  // over, and nothing tells the page it never arrived.
  const page = fixtureUrl('blank.html', { endpoint: relayProxy.url });
  const tab = await visitor.newTab();
  await tab.goto(page);
  // Wait for the page's start (it sends what earlier pages left), so that the views below are still queued when the page goes.
  await tab.evaluate(() => (window as any).rr.flush());
  await tab.evaluate(() => {
    (window as any).rr.view({ productId: 31 });
    (window as any).rr.view({ productId: 32 });
  });
  relayProxy.mode = 'drop';
  await tab.click('#away');
  await tab.waitForPath('/');
  await expect.poll(() => relayProxy.droppedBodies.join(), { timeout: 5000 }).toContain('"productId":32');
  relayProxy.mode = 'pass';
  await pause(1500);
  expect(await receivedEvents()).toEqual([]);

  await tab.goto(page);
  await waitForEvents((all) => all.length >= 2);
  await pause(2000);
  expect(await viewsOf()).toEqual([31, 32]);
});

test('a send the relay could not take is retried while the page stays, with no new event and no new page', async ({ visitor, relayProxy }) => {
  relayProxy.unavailableNext = 2;
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('blank.html', { endpoint: relayProxy.url }));
  // flush() resolves once the relay answered 503 and the events were kept.
  await track(tab, [41, 42]);
  expect(relayProxy.unavailableAnswers).toBeGreaterThanOrEqual(1);
  expect(await receivedEvents()).toEqual([]);
  // Backoff: 2 s, then 4 s; the try after the two refused ones goes through.
  await waitForEvents((all) => all.length >= 2, 15_000);
  expect(relayProxy.unavailableAnswers).toBe(2);
  await pause(1000);
  expect(await viewsOf()).toEqual([41, 42]);
});
