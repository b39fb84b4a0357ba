import { expect, test } from '@playwright/test';
import { resetUpstream } from './upstream-client.ts';
import { cartCount, catalog, expectStoreFrame, screenshot, storeScriptRan, waitForVisitorEvents, watchConsole, fields } from './demo-helpers.ts';

test.beforeEach(resetUpstream);

test('a product page renders from the feed', async ({ page }, testInfo) => {
  const console = watchConsole(page);
  const offer = catalog.offers.find((o) => o.id === 123457)!;
  await page.goto(offer.path);
  await expectStoreFrame(page);
  await expect(page.locator('h1')).toHaveText(offer.name);
  await expect(page.locator('[data-rr-view]')).toHaveAttribute('data-rr-view', String(offer.id));
  await expect(page.locator('.price')).toHaveText(`€${offer.stocks.Berlin!.price.toFixed(2)}`);
  await expect(page.locator('#add-to-basket')).toBeEnabled();
  await expect(page.locator('[data-rr-recom-block="product-related"] .card')).toHaveCount(4);
  await expect(page.locator('.sponsored-shelf[data-rr-sponsored-placement="productPlacements:product-page-shelf"]')).toHaveCount(1);
  await screenshot(page, testInfo, 'product');
  console.expectNone();
});

test('a shopper views a product and adds it to the basket: both reach Retail Rocket with the feed\'s id and the region', async ({ page, context }) => {
  const console = watchConsole(page);
  await page.goto('/category/12');
  const card = page.locator('.card', { hasText: 'Synthetic' });
  await card.locator('.card-link').click();
  await expect(page).toHaveURL(/\/product\/123462$/);
  await storeScriptRan(page);
  await page.click('#add-to-basket');
  await expect(page.locator('#toast')).toContainText('added to your cart');
  expect(await cartCount(page)).toBe(1);

  const mine = await waitForVisitorEvents(context, (events) => events.some((e) => e.method === 'addToBasket'));
  // Only the product events: with auto-tracking the category view and recommendation blocks add their own.
  const productEvents = mine.filter((e) => e.method === 'view' || e.method === 'addToBasket');
  expect(productEvents.map((e) => e.method)).toEqual(['view', 'addToBasket']);
  for (const event of productEvents) expect(event.body).toMatchObject({ productId: 123462, stockId: 'Berlin' });
  expect(catalog.offers.some((o) => o.id === 123462 && o.stocks.Berlin)).toBe(true);
  console.expectNone();
});

test('the region switcher changes prices, availability and the stockId of events, and is remembered', async ({ page, context }) => {
  await page.goto('/product/123458');
  await expect(page.locator('#add-to-basket')).toBeEnabled();
  await page.selectOption('#stock-switcher', 'Vienna');
  await expect(page.locator('body')).toHaveAttribute('data-rr-stock-id', 'Vienna');
  // The feed has this tent sold out in Vienna.
  await expect(page.locator('.stock-note')).toHaveText('Sold out in Vienna');
  await expect(page.locator('#add-to-basket')).toBeDisabled();

  await page.goto('/product/123456');
  await expect(page.locator('#stock-switcher')).toHaveValue('Vienna');
  const vienna = catalog.offers.find((o) => o.id === 123456)!.stocks.Vienna!;
  await expect(page.locator('.price')).toHaveText(`€${vienna.price.toFixed(2)}`);
  await page.click('#add-to-basket');

  const mine = await waitForVisitorEvents(context, (events) => events.some((e) => e.method === 'addToBasket'));
  expect(mine.find((e) => e.method === 'addToBasket')!.body).toMatchObject({ productId: 123456, stockId: 'Vienna' });
  const views = mine.filter((e) => e.method === 'view').map((e) => `${fields(e).productId}@${fields(e).stockId}`);
  expect(views.sort()).toEqual(['123456@Vienna', '123458@Berlin', '123458@Vienna']);
});
