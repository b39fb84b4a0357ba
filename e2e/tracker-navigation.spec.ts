import { expect, test } from './engines/engine-test.ts';
import { fixtureUrl } from './fixture-server.ts';
import { type Fields, flushTracker, pause, trackViews, viewedProductIds } from './tracker-calls.ts';
import { receivedEvents, waitForEvents } from './upstream-client.ts';

test('a click that leaves the page at once still arrives, once (sent as the page goes, with sendBeacon)', async ({ visitor }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('navigate.html'));
  await tab.click('#product');
  await tab.waitForPath('/');
  const events = await waitForEvents((all) => all.some((event) => event.method === 'recomTap'));
  expect(events.filter((event) => event.method === 'recomTap').map((event) => event.body as Fields)).toMatchObject([{ productId: 4242, recomBlockId: 'home-top' }]);
  await pause(1500);
  expect((await receivedEvents()).filter((event) => event.method === 'recomTap')).toHaveLength(1);
});

test('an event waiting when the visitor leaves by a link is sent, and the page tracks again on coming back', async ({ visitor }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('blank.html'));
  const sessionId = await trackViews(tab, 1);
  await tab.click('#away');
  await tab.waitForPath('/');
  await tab.back();
  await tab.waitFor(() => (window as any).rr?.flush);
  await trackViews(tab, 2);
  await flushTracker(tab);
  await expect.poll(() => viewedProductIds(sessionId)).toEqual([1, 2]);
});
