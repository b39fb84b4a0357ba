import { expect, test } from '@playwright/test';
import { resetUpstream } from './upstream-client.ts';
import { cartCount, catalog, expectStoreFrame, screenshot, waitForVisitorEvents, watchConsole, fields } from './demo-helpers.ts';

test.beforeEach(resetUpstream);

test('the home page renders its hero, category tiles and recommendation blocks from the feed', async ({ page }, testInfo) => {
  const console = watchConsole(page);
  await page.goto('/');
  await expectStoreFrame(page);
  await expect(page.locator('.hero h1')).toBeVisible();
  await expect(page.locator('.tile')).toHaveCount(catalog.categories.filter((c) => c.parentId === undefined).length);
  for (const block of ['home-popular', 'home-new']) {
    const cards = page.locator(`[data-rr-recom-block="${block}"] [data-rr-product-id]`);
    expect(await cards.count()).toBeGreaterThanOrEqual(4);
    for (const id of await cards.evaluateAll((links) => links.map((a) => Number((a as HTMLElement).dataset.rrProductId)))) {
      expect(catalog.offers.map((o) => o.id)).toContain(id);
    }
  }
  await screenshot(page, testInfo, 'home');
  console.expectNone();
});

test('adding from a recommendation block fills the cart', async ({ page }) => {
  await page.goto('/');
  await page.locator('[data-rr-recom-block="home-popular"] [data-rr-add-to-basket="123456"]').click();
  await expect(page.locator('#toast')).toContainText('Summit 2 tent added');
  expect(await cartCount(page)).toBe(1);
  await page.reload();
  expect(await cartCount(page)).toBe(1);
});

test('recommendation blocks report being seen, tapped and added from (recomBlockViewed, recomTap, recomAddToBasket)', async ({ page, context }) => {
  await page.goto('/');
  const popular = page.locator('[data-rr-recom-block="home-popular"]');
  await popular.scrollIntoViewIfNeeded();
  await popular.locator('[data-rr-add-to-basket="123465"]').click();
  await popular.locator('[data-rr-product-id="123456"]').click();
  await expect(page).toHaveURL(/\/product\/123456$/);

  const mine = await waitForVisitorEvents(context, (events) => events.some((e) => e.method === 'recomTap'));
  expect(mine.filter((e) => e.method === 'recomBlockViewed').map((e) => fields(e).recomBlockId)).toContain('home-popular');
  expect(mine.find((e) => e.method === 'recomAddToBasket')!.body).toMatchObject({ productId: 123465, recomBlockId: 'home-popular', stockId: 'Berlin' });
  expect(mine.find((e) => e.method === 'recomTap')!.body).toMatchObject({ productId: 123456, recomBlockId: 'home-popular', stockId: 'Berlin' });
});
