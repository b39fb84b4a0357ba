import { expect, test, type Page } from '@playwright/test';
import { resetUpstream } from './upstream-client.ts';
import { cartCount, catalog, expectStoreFrame, screenshot, waitForVisitorEvents, watchConsole } from './demo-helpers.ts';

test.beforeEach(resetUpstream);

const price = (id: number) => catalog.offers.find((o) => o.id === id)!.stocks.Berlin!.price;

async function fillCartAndCheckOut(page: Page) {
  await page.goto('/product/123461');
  await page.click('#add-to-basket');
  await page.goto('/product/123580');
  await page.click('#add-to-basket');
  await page.click('#add-to-basket');
  await page.goto('/checkout');
  await page.fill('input[name="name"]', 'Ana Berg');
  await page.fill('input[name="email"]', 'ana@example.com');
  await page.fill('input[name="address"]', 'Bergstraße 1, Berlin');
}

test('checkout shows the order and places it', async ({ page }, testInfo) => {
  const console = watchConsole(page);
  await fillCartAndCheckOut(page);
  await expectStoreFrame(page);
  await expect(page.locator('#checkout-lines .line')).toHaveCount(2);
  await expect(page.locator('#checkout-total')).toHaveText(`€${(price(123461) + 2 * price(123580)).toFixed(2)}`);
  await screenshot(page, testInfo, 'checkout');
  await page.click('#place-order');
  await expect(page.locator('#order-confirmation')).toBeVisible();
  await expect(page.locator('#order-transaction')).toHaveText(/^RO[0-9A-Z]+$/);
  expect(await cartCount(page)).toBe(0);
  await screenshot(page, testInfo, 'order-placed');
  console.expectNone();
});

test('placing an order sends one order event per line, with the transaction, prices and quantities', async ({ page, context }) => {
  await fillCartAndCheckOut(page);
  await page.click('#place-order');
  const transaction = await page.locator('#order-transaction').textContent();
  const mine = await waitForVisitorEvents(context, (events) => events.filter((e) => e.method === 'order').length === 2);
  expect(mine.filter((e) => e.method === 'order').map((e) => e.body)).toEqual([
    expect.objectContaining({ transaction, productId: 123461, price: price(123461), quantity: 1, stockId: 'Berlin' }),
    expect.objectContaining({ transaction, productId: 123580, price: price(123580), quantity: 2, stockId: 'Berlin' }),
  ]);
});
