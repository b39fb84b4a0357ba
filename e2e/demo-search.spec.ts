import { expect, test } from '@playwright/test';
import { searchOffers } from '../demo-site/catalog-queries.ts';
import { resetUpstream } from './upstream-client.ts';
import { catalog, expectStoreFrame, screenshot, waitForVisitorEvents, watchConsole } from './demo-helpers.ts';

test.beforeEach(resetUpstream);

test('searching from the header shows the feed\'s matching products', async ({ page }, testInfo) => {
  const console = watchConsole(page);
  await page.goto('/');
  await page.fill('form[data-rr-search] input[name="q"]', 'merino');
  await page.press('form[data-rr-search] input[name="q"]', 'Enter');
  await expect(page).toHaveURL(/\/search\?q=merino$/);
  await expectStoreFrame(page);
  await expect(page.locator('[data-rr-search-phrase]')).toHaveAttribute('data-rr-search-phrase', 'merino');
  await expect(page.locator('.card h3')).toHaveText(searchOffers(catalog, 'merino').map((o) => o.name));
  await expect(page.locator('.sponsored-shelf[data-rr-sponsored-placement="searchPlacements:search-page-shelf"]')).toHaveCount(1);
  await screenshot(page, testInfo, 'search');
  console.expectNone();
});

test('a search with no match says so', async ({ page }) => {
  await page.goto('/search?q=snowmobile');
  await expect(page.locator('.empty')).toContainText('Nothing matches');
  await expect(page.locator('.card')).toHaveCount(0);
});

test('a search reports its phrase (search)', async ({ page, context }) => {
  await page.goto('/');
  await page.fill('form[data-rr-search] input[name="q"]', 'headlamp');
  await page.press('form[data-rr-search] input[name="q"]', 'Enter');
  await expect(page).toHaveURL(/\/search\?q=headlamp$/);
  const mine = await waitForVisitorEvents(context, (events) => events.some((e) => e.method === 'search'));
  expect(mine.find((e) => e.method === 'search')!.body).toMatchObject({ searchPhrase: 'headlamp', stockId: 'Berlin' });
});
