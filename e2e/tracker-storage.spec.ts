import { expect, test, type Tab } from './engines/engine-test.ts';
import { fixtureUrl } from './fixture-server.ts';
import { flushTracker, pause, trackViews, viewedProductIds } from './tracker-calls.ts';

// The outbox (IndexedDB) is shared by every page of the store, and delivery must never wait on it
// forever: not on a page frozen in the back/forward cache, not on another tab holding it.

/** Keeps a read-write transaction busy for ever on the tracker's store in `tab`, as a tab frozen mid-transaction would. */
const holdOutboxStore = (tab: Tab) =>
  tab.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const opening = indexedDB.open('keyval-store');
        opening.onsuccess = () => {
          const store = opening.result.transaction('keyval', 'readwrite').objectStore('keyval');
          const keepBusy = () => (store.get('busy').onsuccess = keepBusy);
          keepBusy();
          resolve();
        };
      }),
  );

test('relay unreachable, a second page, the relay back, a third page: every event once, in order (the WebKit back/forward-cache stall)', async ({ visitor, relayProxy }) => {
  // Found in WebKit: the first page went into the back/forward cache with an outbox transaction begun as
  // it left (its failed send retried on `visibilitychange`); frozen before its last callback, that
  // transaction held the store, and no later page could read its outbox again.
  const page = fixtureUrl('blank.html', { endpoint: relayProxy.url });
  const tab = await visitor.newTab();
  relayProxy.mode = 'drop';
  await tab.goto(page);
  const sessionId = await trackViews(tab, 1, 2, 3, 4);
  await flushTracker(tab);
  await tab.goto(`${page}&page=2`);
  await trackViews(tab, 5);
  await flushTracker(tab);
  relayProxy.mode = 'pass';
  await tab.goto(`${page}&page=3`);
  await expect.poll(() => viewedProductIds(sessionId), { timeout: 15_000 }).toHaveLength(5);
  await pause(1500);
  expect(await viewedProductIds(sessionId)).toEqual([1, 2, 3, 4, 5]);
});

test('an outbox held by another tab does not stall delivery: the events go from memory', async ({ visitor }) => {
  const holder = await visitor.newTab();
  await holder.goto(fixtureUrl('blank.html'));
  await flushTracker(holder);
  await holdOutboxStore(holder);
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('blank.html'));
  const sessionId = await trackViews(tab, 61, 62);
  await flushTracker(tab);
  await expect.poll(() => viewedProductIds(sessionId), { timeout: 10_000 }).toEqual([61, 62]);
});

test('a copy still waiting for the store as its page leaves lands, and goes ahead of the next page\'s events', async ({ visitor, relayProxy, engine }) => {
  // Found by the chaos run: an event tracked just before the page left, while the relay was away. Its
  // copy's write was still waiting on IndexedDB when `pagehide` aborted it, so the event was lost (or sent
  // after newer ones by the page, restored from the cache). Another tab holding the store makes that wait
  // certain here (the old tracker lost 1 and 2 in every engine). A copy is now put without a read and its
  // commit asked for in the task that tracked it, which no abort undoes.
  test.skip(
    engine !== 'firefox',
    'Chromium and WebKit drop a leaving page\'s transaction that is still waiting for a store another tab holds, commit asked for or not: there the events rest on the exit beacon',
  );
  const page = fixtureUrl('blank.html', { endpoint: relayProxy.url });
  const holder = await visitor.newTab();
  await holder.goto(fixtureUrl('blank.html'));
  await flushTracker(holder);
  const tab = await visitor.newTab();
  await tab.goto(page);
  await flushTracker(tab);
  await holdOutboxStore(holder);
  relayProxy.mode = 'drop';
  const sessionId = await trackViews(tab, 1, 2);
  await tab.goto(`${page}&page=2`);
  await holder.close();
  relayProxy.mode = 'pass';
  await trackViews(tab, 3);
  await flushTracker(tab);
  await expect.poll(() => viewedProductIds(sessionId), { timeout: 15_000 }).toHaveLength(3);
  await pause(1500);
  expect(await viewedProductIds(sessionId)).toEqual([1, 2, 3]);
});
