import { expect, test } from '@playwright/test';
import { offersInCategory } from '../demo-site/catalog-queries.ts';
import { resetUpstream } from './upstream-client.ts';
import { catalog, expectStoreFrame, screenshot, waitForVisitorEvents, watchConsole, fields } from './demo-helpers.ts';

test.beforeEach(resetUpstream);

test('a category page lists its products and its subcategories\' from the feed', async ({ page }, testInfo) => {
  const console = watchConsole(page);
  await page.goto('/');
  await page.click('nav.categories >> text=Clothing');
  await expect(page).toHaveURL(/\/category\/2$/);
  await expectStoreFrame(page);
  await expect(page.locator('[data-rr-category-view]')).toHaveAttribute('data-rr-category-view', '2');
  await expect(page.locator('.chip')).toHaveText(['Jackets', 'Footwear', 'Base layers']);
  // Variants of a group show as one card.
  const products = offersInCategory(catalog, 2);
  const cards = products.filter((o) => o.groupId === undefined).length + new Set(products.map((o) => o.groupId).filter(Boolean)).size;
  await expect(page.locator('.card')).toHaveCount(cards);
  await expect(page.locator('.sponsored-shelf[data-rr-sponsored-placement="categoryPlacements:category-page-shelf"]')).toHaveCount(1);
  await screenshot(page, testInfo, 'category');

  await page.click('.chip >> text=Footwear');
  await expect(page.locator('h1')).toHaveText('Footwear');
  await expect(page.locator('.breadcrumbs')).toContainText('Clothing / Footwear');
  console.expectNone();
});

test('a category page reports categoryView with the feed\'s category id', async ({ page, context }) => {
  await page.goto('/category/22');
  const mine = await waitForVisitorEvents(context, (events) => events.some((e) => e.method === 'categoryView'));
  expect(mine.filter((e) => e.method === 'categoryView').map((e) => fields(e).categoryId)).toEqual([22]);
});
