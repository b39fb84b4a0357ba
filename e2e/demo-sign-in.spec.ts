import { expect, test } from '@playwright/test';
import { resetUpstream } from './upstream-client.ts';
import { expectStoreFrame, screenshot, sessionId, waitForVisitorEvents, watchConsole } from './demo-helpers.ts';

test.beforeEach(resetUpstream);

test('signing in greets the shopper and keeps the session id', async ({ page, context }, testInfo) => {
  const console = watchConsole(page);
  await page.goto('/');
  const before = await sessionId(context);
  await page.click('#account-link');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expectStoreFrame(page);
  await screenshot(page, testInfo, 'sign-in');
  await page.fill('input[name="email"]', 'ana@example.com');
  await page.fill('input[name="password"]', 'correct horse');
  await page.click('#sign-in');
  await expect(page.locator('#signed-in')).toBeVisible();
  await expect(page.locator('#signed-in-id')).toHaveText(/^C[0-9A-Z]+$/);
  await expect(page.locator('#account-link')).toHaveText('Hi, ana');
  // Retail Rocket: the session id must not change on login.
  expect(await sessionId(context)).toBe(before);
  console.expectNone();
});

test('signing in tells Retail Rocket who the visitor is (setContact)', async ({ page, context }) => {
  await page.goto('/sign-in');
  await page.fill('input[name="email"]', 'ana@example.com');
  await page.fill('input[name="password"]', 'correct horse');
  await page.click('#sign-in');
  const customer = await page.locator('#signed-in-id').textContent();
  const mine = await waitForVisitorEvents(context, (events) => events.some((e) => e.method === 'setContact'));
  expect(mine.find((e) => e.method === 'setContact')!.body).toMatchObject({ contactExternalId: customer, email: 'ana@example.com', stockId: 'Berlin' });
});
