import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { catalog, sessionId, visitorEvents, waitForVisitorEvents } from './demo-helpers.ts';
import { configureEsputnik, esputnikEvents, esputnikRefused, resetUpstream, type EsputnikReceived } from './upstream-client.ts';

// One shopper session through the demo store reaches both destinations, each in
// its own format: Retail Rocket's tracking events, and eSputnik's events
// (mapped by the relay from the same tracking events and the tracker's store events).

test.beforeEach(resetUpstream);
test.afterEach(() => configureEsputnik({ failStatus: 0 }));

const price = (id: number) => catalog.offers.find((o) => o.id === id)!.stocks.Berlin!.price;

/** Product pages, wishlist, cart, checkout, sign-in and a search: what one shopper does. */
async function shop(page: Page): Promise<{ transaction: string }> {
  await page.goto('/product/123461');
  await page.click('#add-to-basket');
  await page.goto('/product/123580');
  await page.click('#add-to-basket');
  await page.click('#add-to-basket');
  await page.click('#add-to-wishlist');
  await page.goto('/cart');
  await expect(page.locator('#cart-lines .line')).toHaveCount(2);
  await page.goto('/checkout');
  await page.fill('input[name="name"]', 'Ana Berg');
  await page.fill('input[name="email"]', 'ana@example.com');
  await page.fill('input[name="address"]', 'Bergstraße 1, Berlin');
  await page.click('#place-order');
  const transaction = (await page.locator('#order-transaction').textContent())!;
  await page.goto('/sign-in');
  await page.fill('input[name="email"]', 'ana@example.com');
  await page.fill('input[name="password"]', 'correct horse');
  await page.click('#sign-in');
  await expect(page.locator('#signed-in')).toBeVisible();
  // The search results page reports its phrase (one search event).
  await page.goto('/search?q=headlamp');
  await page.goto('/');
  return { transaction };
}

/** The eSputnik events Retail Rocket's side of the session must produce, by name: each exactly once. */
const expectedCounts = { ProductPage: 2, AddToWishlist: 1, StatusCart: 1, PurchasedItems: 1, CustomerData: 1, SearchRequest: 1 };

/** Retail Rocket's events of the whole session (view ×2, order ×2, setContact, search) have arrived. */
const retailRocketComplete = (mine: { method: string }[]) =>
  mine.filter((e) => e.method === 'view').length >= 2 &&
  mine.filter((e) => e.method === 'order').length >= 2 &&
  mine.some((e) => e.method === 'setContact') &&
  mine.some((e) => e.method === 'search');

/** This visitor's events at the local upstream's eSputnik tracker. */
async function myEsputnikEvents(context: BrowserContext): Promise<EsputnikReceived[]> {
  const session = await sessionId(context);
  return (await esputnikEvents()).filter((e) => e.event.GeneralInfo.cookies.sc === session);
}

const countByName = (events: EsputnikReceived[]) => {
  const counts: Record<string, number> = {};
  for (const { eventName } of events) counts[eventName] = (counts[eventName] ?? 0) + 1;
  return counts;
};

/** Waits until eSputnik has every expected event of this visitor, then checks no more arrive. */
async function waitForEsputnikSession(context: BrowserContext, timeout: number): Promise<EsputnikReceived[]> {
  await expect.poll(async () => countByName(await myEsputnikEvents(context)), { timeout, intervals: [250, 500, 1000] }).toEqual(expectedCounts);
  // Settle: a late duplicate would show up within the relay's next sends.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const events = await myEsputnikEvents(context);
  expect(countByName(events)).toEqual(expectedCounts);
  return events;
}

/** Checks each eSputnik event carries what the session did, in eSputnik's own format. */
async function expectEsputnikFormat(context: BrowserContext, events: EsputnikReceived[], transaction: string) {
  const session = await sessionId(context);
  const retailRocket = await visitorEvents(context);
  const contact = retailRocket.find((e) => e.method === 'setContact')!.body as { contactExternalId: string };
  const byName = (name: string) => events.filter((e) => e.eventName === name).map((e) => e.event);
  for (const { event, authorized } of events) {
    expect(authorized).toBe(true);
    expect(event.GeneralInfo).toMatchObject({ siteId: 'local-esputnik-site', cookies: { sc: session } });
    expect(Number.isSafeInteger(event.GeneralInfo.datetime)).toBe(true);
  }
  expect(byName('ProductPage').map((e) => e.ProductPage)).toEqual([
    { Product: { productKey: '123461', price: `${price(123461)} EUR` } },
    { Product: { productKey: '123580', price: `${price(123580)} EUR` } },
  ]);
  expect(byName('AddToWishlist')[0]!.AddToWishlist).toEqual({ Product: { productKey: '123580', price: `${price(123580)} EUR`, isInStock: '1' } });
  const cart = byName('StatusCart')[0]!.StatusCart;
  expect(cart.GUID).toMatch(/^[a-z0-9]{28}$/);
  expect(cart.Products).toEqual([
    { productKey: '123461', price: String(price(123461)), quantity: 1, price_currency_code: 'EUR' },
    { productKey: '123580', price: String(price(123580)), quantity: 2, price_currency_code: 'EUR' },
  ]);
  expect(byName('PurchasedItems')[0]!.PurchasedItems).toEqual({
    GUID: cart.GUID,
    OrderNumber: transaction,
    Products: [
      { product_id: '123461', unit_price: String(price(123461)), quantity: 1 },
      { product_id: '123580', unit_price: String(price(123580)), quantity: 2 },
    ],
  });
  expect(byName('CustomerData')[0]!.GeneralInfo).toMatchObject({ externalCustomerId: contact.contactExternalId, user_email: 'ana@example.com' });
  expect(byName('SearchRequest')[0]!.SearchRequest).toEqual({ search: 'headlamp' });
}

/** Checks Retail Rocket got its own format: no store events, one order per line. */
function expectRetailRocketFormat(mine: { method: string; body: unknown }[], transaction: string) {
  expect(mine.map((e) => e.method)).not.toContain('productView');
  expect(mine.map((e) => e.method)).not.toContain('cart');
  expect(mine.map((e) => e.method)).not.toContain('orderPlaced');
  expect(mine.map((e) => e.method)).not.toContain('addToWishlist');
  expect(mine.filter((e) => e.method === 'view').map((e) => (e.body as { productId: number }).productId)).toEqual([123461, 123580]);
  expect(mine.filter((e) => e.method === 'order').map((e) => e.body)).toEqual([
    expect.objectContaining({ transaction, productId: 123461, price: price(123461), quantity: 1 }),
    expect.objectContaining({ transaction, productId: 123580, price: price(123580), quantity: 2 }),
  ]);
  expect(mine.find((e) => e.method === 'search')!.body).toMatchObject({ searchPhrase: 'headlamp' });
}

test('one session through the demo store reaches Retail Rocket and eSputnik, each in its own format', async ({ page, context }) => {
  test.setTimeout(120_000);
  const { transaction } = await shop(page);
  const mine = await waitForVisitorEvents(context, retailRocketComplete);
  expectRetailRocketFormat(mine, transaction);
  const events = await waitForEsputnikSession(context, 30_000);
  await expectEsputnikFormat(context, events, transaction);
});

test('with eSputnik failing, Retail Rocket still receives everything at once, and eSputnik everything once it recovers', async ({ page, context }) => {
  test.setTimeout(150_000);
  await configureEsputnik({ failStatus: 503, retryAfterSeconds: 1 });
  const { transaction } = await shop(page);
  // Retail Rocket: the whole session within the usual wait, while eSputnik answers 503.
  const mine = await waitForVisitorEvents(context, retailRocketComplete);
  expectRetailRocketFormat(mine, transaction);
  await expect.poll(async () => (await esputnikRefused()).filter((call) => call.status === 503).length, { timeout: 15_000 }).toBeGreaterThan(0);
  expect(await myEsputnikEvents(context)).toEqual([]);

  await configureEsputnik({ failStatus: 0 });
  // The relay's retries back off (up to about 16 s by now); every event arrives, exactly once.
  const events = await waitForEsputnikSession(context, 90_000);
  await expectEsputnikFormat(context, events, transaction);
  expect((await esputnikRefused()).filter((call) => call.error === 'Duplicated event')).toEqual([]);
});
