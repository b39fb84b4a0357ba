import { expect, test } from './engines/engine-test.ts';
import { fixtureUrl } from './fixture-server.ts';
import { relayActivity } from './relay-activity.ts';
import { flushTracker, pause, setCutOff, trackViews, viewedProductIds } from './tracker-calls.ts';

// A shopper's whole visit, the ways a page really goes: a click that leaves at once, a closed tab,
// an offline spell, a page restored from the back/forward cache. Every event must reach the upstream
// exactly once, in the order it was tracked (numbered by productId), whatever path it took.

/** The event ids the relay took in (not dropped as already seen) for a visitor, from its activity log. */
const eventIdsAtRelay = async (visitor: string) =>
  (await relayActivity()).filter((entry) => entry.kind === 'accepted' && entry.visitor === visitor).map((entry) => entry.eventId!);

test('a visit through a leave-at-once click, a closed tab, an offline spell and a back/forward restore: every event once, in order', async ({ visitor, relayProxy }) => {
  const page = fixtureUrl('blank.html', { endpoint: relayProxy.url });
  let tab = await visitor.newTab();

  // Views, then a link away at once: the batch leaves on pagehide.
  await tab.goto(page);
  const sessionId = await trackViews(tab, 1, 2, 3);
  await tab.click('#away');
  await tab.waitForPath('/');

  // Back: the page comes from the back/forward cache, its tracker alive.
  await tab.back();
  await tab.waitFor(() => (window as any).restoredFromCache === true);
  await trackViews(tab, 4, 5);

  // The tab is closed right after.
  await tab.close();

  // A new tab, an offline spell with views in it, then back online.
  tab = await visitor.newTab();
  await tab.goto(page);
  await trackViews(tab, 6);
  await flushTracker(tab);
  await setCutOff(visitor, relayProxy, true);
  await trackViews(tab, 7, 8);
  await pause(1500);
  await setCutOff(visitor, relayProxy, false);
  await trackViews(tab, 9);

  // Offline again, views, and the tab closed while offline: the next page sends them.
  await flushTracker(tab);
  await setCutOff(visitor, relayProxy, true);
  await trackViews(tab, 10, 11);
  await pause(300);
  await tab.close();
  await setCutOff(visitor, relayProxy, false);
  tab = await visitor.newTab();
  await tab.goto(page);
  await trackViews(tab, 12);
  await flushTracker(tab);

  const expected = Array.from({ length: 12 }, (_, index) => index + 1);
  await expect.poll(() => viewedProductIds(sessionId), { timeout: 20_000 }).toHaveLength(expected.length);
  await pause(2000);
  expect(await viewedProductIds(sessionId)).toEqual(expected);
  // By eventId: the relay took in twelve distinct ids for this visitor, each once (a resent one would show as a duplicate).
  const accepted = await eventIdsAtRelay(sessionId);
  expect(accepted).toHaveLength(expected.length);
  expect(new Set(accepted).size).toBe(expected.length);
});

test('a send that fails keeps its events ahead of the ones tracked after it, on the same page', async ({ visitor, relayProxy }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('blank.html', { endpoint: relayProxy.url }));
  await flushTracker(tab);
  relayProxy.mode = 'drop';
  const sessionId = await trackViews(tab, 1, 2);
  await flushTracker(tab);
  expect(relayProxy.droppedBodies).toHaveLength(1);
  relayProxy.mode = 'pass';
  await trackViews(tab, 3);
  await flushTracker(tab);
  await expect.poll(() => viewedProductIds(sessionId), { timeout: 10_000 }).toHaveLength(3);
  expect(await viewedProductIds(sessionId)).toEqual([1, 2, 3]);
});

test('a page that goes while its failed send waits for a retry beacons those events ahead of the newer ones', async ({ visitor, relayProxy }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('blank.html', { endpoint: relayProxy.url }));
  await flushTracker(tab);
  // The relay refuses the page's send (503), and is back by the time the page goes.
  relayProxy.mode = 'unavailable';
  const sessionId = await trackViews(tab, 1, 2);
  await flushTracker(tab);
  expect(relayProxy.unavailableAnswers).toBeGreaterThan(0);
  await trackViews(tab, 3);
  relayProxy.mode = 'pass';
  await tab.click('#away');
  await tab.waitForPath('/');
  await expect.poll(() => viewedProductIds(sessionId), { timeout: 10_000 }).toHaveLength(3);
  await pause(1500);
  expect(await viewedProductIds(sessionId)).toEqual([1, 2, 3]);
});

test('a send in flight as the page enters the back/forward cache, failing there, is kept and sent once the page is back', async ({ visitor, relayProxy }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('blank.html', { endpoint: relayProxy.url }));
  await flushTracker(tab);
  // The relay goes quiet: the send of 51 and 52 hangs, and the page is left while it does.
  relayProxy.mode = 'hold';
  const sessionId = await trackViews(tab, 51, 52);
  await tab.evaluate(() => void (window as any).rr.flush());
  await expect.poll(() => relayProxy.held).toBe(1);
  await tab.click('#away');
  await tab.waitForPath('/');
  // The held send and the exit beacon are both cut; the page sits frozen in the cache meanwhile.
  relayProxy.mode = 'drop';
  await expect.poll(() => relayProxy.droppedBodies.filter((body) => body.includes('"productId":52')).length).toBe(2);
  relayProxy.mode = 'pass';
  await tab.back();
  await tab.waitFor(() => (window as any).restoredFromCache === true);
  await expect.poll(() => viewedProductIds(sessionId), { timeout: 15_000 }).toHaveLength(2);
  await pause(1500);
  expect(await viewedProductIds(sessionId)).toEqual([51, 52]);
});

// The chaos run's path (see also tracker-storage.spec.ts, which makes its race certain): events tracked
// just before each page leaves, while the relay is away, and the page restored from the cache each time.
test('events tracked just before leaving while the relay is away, the page restored and left again: every event once, in order', async ({ visitor, relayProxy }) => {
  const page = fixtureUrl('blank.html', { endpoint: relayProxy.url });
  const tab = await visitor.newTab();
  await tab.goto(page);
  await flushTracker(tab);
  relayProxy.mode = 'drop';
  const sessionId = await trackViews(tab, 1);
  await tab.goto(`${page}&page=2`);
  await tab.back();
  await tab.waitFor(() => (window as any).restoredFromCache === true);
  await trackViews(tab, 2, 3);
  await tab.goto(`${page}&page=3`);
  await tab.back();
  await tab.waitFor(() => (window as any).restoredFromCache === true);
  await trackViews(tab, 4);
  relayProxy.mode = 'pass';
  await flushTracker(tab);
  await expect.poll(() => viewedProductIds(sessionId), { timeout: 15_000 }).toHaveLength(4);
  await pause(1500);
  expect(await viewedProductIds(sessionId)).toEqual([1, 2, 3, 4]);
});
