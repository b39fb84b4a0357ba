import { expect, test } from '@playwright/test';
import { groupOffers } from '../demo-site/catalog-queries.ts';
import { resetUpstream } from './upstream-client.ts';
import { catalog, expectStoreFrame, screenshot, waitForVisitorEvents, watchConsole } from './demo-helpers.ts';

test.beforeEach(resetUpstream);

const boots = groupOffers(catalog, 500200);

test('a product with variants shows every variant of its group', async ({ page }, testInfo) => {
  const console = watchConsole(page);
  await page.goto('/category/22');
  await page.locator('.card', { hasText: 'Trailhead hiking boots' }).locator('.card-link').click();
  await expect(page).toHaveURL(/\/group\/500200$/);
  await expectStoreFrame(page);
  await expect(page.locator('[data-rr-group-view="500200"]')).toHaveAttribute('data-rr-product-ids', boots.map((o) => o.id).join(','));
  await expect(page.locator('input[name="variant"]')).toHaveCount(boots.length);
  // EU 46 is sold out in Berlin in the feed.
  await expect(page.locator('label.variant', { hasText: '46' }).locator('input')).toBeDisabled();
  await expect(page.locator('.sponsored-shelf[data-rr-sponsored-placement="productGroupsPlacements:product-page-shelf"]')).toHaveCount(1);
  await screenshot(page, testInfo, 'group');
  console.expectNone();
});

test('choosing a variant adds that variant: its own product id reaches Retail Rocket', async ({ page, context }) => {
  await page.goto('/group/500200');
  const size44 = boots.find((o) => o.params.Size === '44')!;
  await page.locator('label.variant', { hasText: '44' }).click();
  await expect(page.locator('#add-to-basket')).toHaveAttribute('data-rr-add-to-basket', String(size44.id));
  await page.click('#add-to-basket');

  const mine = await waitForVisitorEvents(context, (events) => events.some((e) => e.method === 'addToBasket'));
  expect(mine.filter((e) => e.method === 'addToBasket').map((e) => e.body)).toEqual([expect.objectContaining({ productId: size44.id, stockId: 'Berlin' })]);
});

test('a variant\'s own feed url opens its group with that variant chosen', async ({ page }) => {
  const moss = catalog.offers.find((o) => o.groupId === 500100 && o.params.Colour === 'Moss')!;
  await page.goto(moss.path);
  await expect(page.locator('input[name="variant"]:checked')).toHaveValue(String(moss.id));
  await expect(page.locator('#add-to-basket')).toHaveAttribute('data-rr-add-to-basket', String(moss.id));
});

test('a product with variants reports groupView with the group and its product ids', async ({ page, context }) => {
  await page.goto('/group/500100');
  const mine = await waitForVisitorEvents(context, (events) => events.some((e) => e.method === 'groupView'));
  expect(mine.find((e) => e.method === 'groupView')!.body).toMatchObject({ groupId: 500100, productIds: [123501, 123502, 123503], stockId: 'Berlin' });
  expect(mine.filter((e) => e.method === 'view')).toEqual([]);
});
