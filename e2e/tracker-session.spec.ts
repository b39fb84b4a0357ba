import { expect, test } from './engines/engine-test.ts';
import { fixtureUrl } from './fixture-server.ts';
import { type Fields, flushTracker } from './tracker-calls.ts';
import { waitForEvents } from './upstream-client.ts';

test('the session cookie: rrsid, letters and digits, a year, SameSite=Lax, path=/; the same across reloads and a login', async ({ visitor }) => {
  const tab = await visitor.newTab();
  const page = fixtureUrl('blank.html');
  await tab.goto(page);
  const cookie = (await visitor.cookies(page)).find((c) => c.name === 'rrsid')!;
  expect(cookie.value).toMatch(/^[A-Za-z0-9]{1,50}$/);
  expect(cookie).toMatchObject({ path: '/', sameSite: 'Lax', httpOnly: false, secure: false });
  const yearFromNow = Date.now() / 1000 + 365 * 86400;
  expect(Math.abs(cookie.expires - yearFromNow)).toBeLessThan(120);
  expect(await tab.evaluate(() => (window as any).rr.sessionId)).toBe(cookie.value);

  // The visitor logs in: setContact, then the next pages keep the same id.
  await tab.evaluate(() => {
    (window as any).rr.setContact({ contactExternalId: 'cust42', email: 'shopper@example.com' });
    return (window as any).rr.flush();
  });
  await tab.evaluate(() => location.reload());
  await tab.waitFor(() => document.readyState === 'complete' && (window as any).rr?.sessionId);
  await tab.goto(page);
  expect(await tab.evaluate(() => (window as any).rr.sessionId)).toBe(cookie.value);
  expect((await visitor.cookies(page)).find((c) => c.name === 'rrsid')!.value).toBe(cookie.value);
  await tab.evaluate(() => (window as any).rr.view({ productId: 5 }));
  await flushTracker(tab);
  const events = await waitForEvents((all) => all.length >= 2);
  expect(events.map((event) => [event.method, (event.body as Fields).sessionExternalId])).toEqual([['setContact', cookie.value], ['view', cookie.value]]);
});
