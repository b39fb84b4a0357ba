import { expect, test, type Tab } from './engines/engine-test.ts';
import { fixtureUrl } from './fixture-server.ts';
import { type Fields, pause } from './tracker-calls.ts';
import { receivedEvents, waitForEvents } from './upstream-client.ts';

const track = (tab: Tab, productId: number) =>
  tab.evaluate((id: number) => {
    (window as any).rr.view({ productId: id });
    return (window as any).rr.flush();
  }, productId);
const databases = (tab: Tab) => tab.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
const sessionCookie = async (visitor: { cookies(url: string): Promise<{ name: string; value: string }[]> }) =>
  (await visitor.cookies(fixtureUrl('blank.html'))).find((cookie) => cookie.name === 'rrsid');

test('pending: no cookie and nothing sent; once granted: the cookie is written and the waiting events are sent', async ({ visitor }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('consent.html'));
  await track(tab, 1);
  await track(tab, 2);
  await pause(1500);
  expect(await receivedEvents()).toEqual([]);
  expect(await sessionCookie(visitor)).toBeUndefined();

  const sessionId = await tab.evaluate(() => {
    (window as any).rr.setConsent('granted');
    return (window as any).rr.sessionId as string;
  });
  const events = await waitForEvents((all) => all.length >= 2);
  expect(events.map((event) => [(event.body as Fields).productId, (event.body as Fields).sessionExternalId])).toEqual([[1, sessionId], [2, sessionId]]);
  expect((await sessionCookie(visitor))?.value).toBe(sessionId);
});

test('denied: events are dropped and nothing is stored, not even an earlier cookie', async ({ visitor }) => {
  await visitor.addCookie(fixtureUrl('consent.html'), 'rrsid', 'earlier123');
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('consent.html'));
  await track(tab, 1);
  await tab.evaluate(() => (window as any).rr.setConsent('denied'));
  await track(tab, 2);
  await pause(1500);
  expect(await receivedEvents()).toEqual([]);
  expect(await sessionCookie(visitor)).toBeUndefined();
  expect(await databases(tab)).toEqual([]);
  expect(await tab.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
});

test('Global Privacy Control is honoured by default: nothing sent, no cookie', async ({ visitor }) => {
  const tab = await visitor.newTab();
  // gpc.html makes the browser report `navigator.globalPrivacyControl` before the tracker loads.
  await tab.goto(fixtureUrl('gpc.html'));
  expect(await tab.evaluate(() => (window as any).rr.consent)).toBe('denied');
  await track(tab, 1);
  await pause(1500);
  expect(await receivedEvents()).toEqual([]);
  expect(await sessionCookie(visitor)).toBeUndefined();
});
