import { expect, test } from '@playwright/test';
import { resetUpstream, waitForEvents } from './upstream-client.ts';
import { type Fields, fixtureUrl, serveTrackerFixtures, trackerLaunchOptions } from './tracker-fixtures.ts';

test.use({ launchOptions: trackerLaunchOptions });

test('the session cookie: rrsid, letters and digits, a year, SameSite=Lax, path=/; the same across reloads and a login', async ({ page, context }) => {
  await resetUpstream();
  await serveTrackerFixtures(context);
  await page.goto(fixtureUrl('blank.html'));
  const cookie = (await context.cookies()).find((c) => c.name === 'rrsid')!;
  expect(cookie.value).toMatch(/^[A-Za-z0-9]{1,50}$/);
  expect(cookie).toMatchObject({ path: '/', sameSite: 'Lax', httpOnly: false, secure: false });
  const yearFromNow = Date.now() / 1000 + 365 * 86400;
  expect(Math.abs(cookie.expires - yearFromNow)).toBeLessThan(120);
  expect(await page.evaluate(() => (window as any).rr.sessionId)).toBe(cookie.value);

  // The visitor logs in: setContact, then the next pages keep the same id.
  await page.evaluate(() => {
    (window as any).rr.setContact({ contactExternalId: 'cust42', email: 'shopper@example.com' });
    return (window as any).rr.flush();
  });
  await page.reload();
  await page.goto(fixtureUrl('blank.html'));
  expect(await page.evaluate(() => (window as any).rr.sessionId)).toBe(cookie.value);
  expect((await context.cookies()).find((c) => c.name === 'rrsid')!.value).toBe(cookie.value);
  await page.evaluate(() => {
    (window as any).rr.view({ productId: 5 });
    return (window as any).rr.flush();
  });
  const events = await waitForEvents((all) => all.length >= 2);
  expect(events.map((event) => [event.method, (event.body as Fields).sessionExternalId])).toEqual([['setContact', cookie.value], ['view', cookie.value]]);
});
