import { expect, test, type Tab } from './engines/engine-test.ts';
import { fixtureUrl } from './fixture-server.ts';
import { flushTracker, pause, trackViews, viewedProductIds } from './tracker-calls.ts';

// The outbox (localStorage) is shared by every page of the store: delivery must never depend on it being
// usable, and pages that write it at once must never cost each other a copy.

/** Fills the tab's localStorage as a store's own data could, until it takes no more; resolves how many items it holds. */
const fillLocalStorage = (tab: Tab) =>
  tab.evaluate(() => {
    let chunk = 'x'.repeat(1 << 20);
    for (let index = 0; chunk.length; index++) {
      try {
        localStorage.setItem(`store-data-${index}`, chunk);
      } catch {
        chunk = chunk.slice(0, Math.floor(chunk.length / 2));
      }
    }
    return localStorage.length;
  });

test('relay unreachable, a second page, the relay back, a third page: every event once, in order (the WebKit back/forward-cache stall)', async ({ visitor, relayProxy }) => {
  // Found in WebKit with the IndexedDB outbox of before: the first page went into the back/forward cache
  // with a transaction begun as it left, which held the store, so no later page could read the outbox.
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

test('a store that has filled localStorage loses no event: a failed send is retried from memory, and the store\'s own data stays as it was', async ({ visitor, relayProxy }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('blank.html', { endpoint: relayProxy.url }));
  await flushTracker(tab);
  const items = await fillLocalStorage(tab);
  // The first send fails: its copies cannot be kept, so only the page's memory holds them for the retry.
  relayProxy.unavailableNext = 1;
  const sessionId = await trackViews(tab, 61, 62);
  await flushTracker(tab);
  await expect.poll(() => viewedProductIds(sessionId), { timeout: 10_000 }).toEqual([61, 62]);
  expect(await tab.evaluate(() => localStorage.length)).toBe(items);
  expect(await tab.evaluate(() => Object.keys(localStorage).filter((key) => !key.startsWith('store-data-')))).toEqual([]);
});

test('two tabs tracking while the relay is away, each rewriting the outbox, then closed: a later page sends every event of both, once, in order', async ({ visitor, relayProxy }) => {
  const page = fixtureUrl('blank.html', { endpoint: relayProxy.url });
  relayProxy.mode = 'drop';
  const first = await visitor.newTab();
  await first.goto(page);
  const second = await visitor.newTab();
  await second.goto(`${page}&tab=2`);
  const sessionId = await trackViews(first, 1, 2);
  await trackViews(second, 3, 4);
  await flushTracker(first);
  await flushTracker(second);
  // Each send reads every record, the other tab's too, and replaces what it read with one of its own.
  await trackViews(first, 5);
  await flushTracker(first);
  await trackViews(second, 6);
  await flushTracker(second);
  await first.close();
  await second.close();
  relayProxy.mode = 'pass';
  const later = await visitor.newTab();
  await later.goto(`${page}&tab=3`);
  await expect.poll(() => viewedProductIds(sessionId), { timeout: 15_000 }).toHaveLength(6);
  await pause(1500);
  expect(await viewedProductIds(sessionId)).toEqual([1, 2, 3, 4, 5, 6]);
});

test('events tracked as the page leaves, while the relay is away, are kept: the next page sends them ahead of its own', async ({ visitor, relayProxy }) => {
  // The copies are written at the end of the task that tracked them, before `pagehide`: the exit beacon
  // (dropped here) is not all they rest on.
  const page = fixtureUrl('blank.html', { endpoint: relayProxy.url });
  const tab = await visitor.newTab();
  await tab.goto(page);
  await flushTracker(tab);
  relayProxy.mode = 'drop';
  const sessionId = await trackViews(tab, 1, 2);
  await tab.goto(`${page}&page=2`);
  relayProxy.mode = 'pass';
  await trackViews(tab, 3);
  await flushTracker(tab);
  await expect.poll(() => viewedProductIds(sessionId), { timeout: 15_000 }).toHaveLength(3);
  await pause(1500);
  expect(await viewedProductIds(sessionId)).toEqual([1, 2, 3]);
});
