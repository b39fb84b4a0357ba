import { expect, test } from '@playwright/test';
import { resetUpstream } from './upstream-client.ts';
import { cartCount, catalog, expectStoreFrame, screenshot, waitForVisitorEvents, watchConsole, fields } from './demo-helpers.ts';

test.beforeEach(resetUpstream);

const price = (id: number) => catalog.offers.find((o) => o.id === id)!.stocks.Berlin!.price;

test('the cart keeps what the shopper added, with quantities and the region\'s prices', async ({ page, context }, testInfo) => {
  const console = watchConsole(page);
  await page.goto('/product/123456');
  await page.click('#add-to-basket');
  await page.goto('/product/123570');
  await page.click('#add-to-basket');
  await page.click('#add-to-basket');
  expect(await cartCount(page)).toBe(3);

  await page.click('.cart-link');
  await expect(page).toHaveURL(/\/cart$/);
  await expectStoreFrame(page);
  await expect(page.locator('#cart-lines .line')).toHaveCount(2);
  await expect(page.locator('#cart-lines .line[data-product-id="123570"] .quantity')).toHaveText('2');
  await expect(page.locator('#cart-total')).toHaveText(`€${(price(123456) + 2 * price(123570)).toFixed(2)}`);
  await expect(page.locator('[data-rr-recom-block="cart-extras"] .card')).toHaveCount(4);
  await screenshot(page, testInfo, 'cart');

  await page.locator('#cart-lines .line[data-product-id="123570"] [data-step="-1"]').click();
  await expect(page.locator('#cart-total')).toHaveText(`€${(price(123456) + price(123570)).toFixed(2)}`);
  expect(await cartCount(page)).toBe(2);
  console.expectNone();

  // Each add went to Retail Rocket as addToBasket of the feed's id.
  const mine = await waitForVisitorEvents(context, (events) => events.filter((e) => e.method === 'addToBasket').length === 3);
  expect(mine.filter((e) => e.method === 'addToBasket').map((e) => fields(e).productId)).toEqual([123456, 123570, 123570]);
});
