import { expect, test } from '@playwright/test';
import { receivedEvents, resetUpstream, waitForEvents } from './upstream-client.ts';
import { type Fields, fixtureUrl, serveTrackerFixtures, trackerLaunchOptions } from './tracker-fixtures.ts';

test.use({ launchOptions: trackerLaunchOptions, viewport: { width: 800, height: 600 } });

test.beforeEach(async ({ context }) => {
  await resetUpstream();
  await serveTrackerFixtures(context);
});

const flush = (page: import('@playwright/test').Page) => page.evaluate(() => (window as any).rr.flush());
const bodies = async (method: string) => (await receivedEvents()).filter((event) => event.method === method).map((event) => event.body as Fields);

test('every data attribute is tracked, with stockId from the nearest data-rr-stock-id, and once per element', async ({ page }) => {
  await page.goto(fixtureUrl('attributes.html'));
  await page.waitForFunction(() => (window as any).rr?.flush);
  await flush(page);
  // Page level, at once.
  await waitForEvents((all) => all.length >= 4);
  expect(await bodies('view')).toMatchObject([{ productId: 123456, stockId: 'Berlin' }]);
  expect(await bodies('groupView')).toMatchObject([{ groupId: 654321, productIds: [1, 2, 3], stockId: 'Berlin' }]);
  expect(await bodies('categoryView')).toEqual([expect.not.objectContaining({ stockId: expect.anything() })]);
  expect((await bodies('categoryView'))[0]).toMatchObject({ categoryId: 42 });
  expect(await bodies('search')).toMatchObject([{ searchPhrase: 'red tent', stockId: 'Berlin' }]);
  // The block and the sponsored content are below the fold: not seen yet.
  expect(await bodies('recomBlockViewed')).toEqual([]);
  expect(await bodies('impressionContentViewed')).toEqual([]);

  await page.locator('#block').scrollIntoViewIfNeeded();
  await page.locator('#sponsored').scrollIntoViewIfNeeded();
  await page.click('#basket-outside');
  await page.click('#tile');
  await page.click('#basket-inside');
  await page.click('#sponsored');
  await page.locator('#search button').click();
  await page.evaluate(() => (window as any).addLate());
  await page.waitForTimeout(300);
  // Scrolling away and back must not count the block twice.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  await page.locator('#block').scrollIntoViewIfNeeded();
  await page.waitForTimeout(200);
  await flush(page);

  await waitForEvents((all) => all.some((event) => event.method === 'recomBlockViewed' && (event.body as Fields).recomBlockId === 'late-block'));
  expect(await bodies('addToBasket')).toMatchObject([{ productId: 777, stockId: 'Munich' }]);
  expect(await bodies('recomTap')).toMatchObject([{ productId: 555, recomBlockId: 'pdp-similar', stockId: 'Berlin' }]);
  expect(await bodies('recomAddToBasket')).toMatchObject([{ productId: 556, recomBlockId: 'pdp-similar', stockId: 'Berlin' }]);
  expect(await bodies('impressionContentViewed')).toMatchObject([{ impressionContentId: 'content-9' }]);
  expect(await bodies('impressionContentClicked')).toMatchObject([{ impressionContentId: 'content-9' }]);
  expect((await bodies('search')).map((body) => body.searchPhrase)).toEqual(['red tent', 'sleeping bag']);
  expect((await bodies('view')).map((body) => [body.productId, body.stockId])).toEqual([[123456, 'Berlin'], [888, 'Berlin']]);
  expect((await bodies('recomBlockViewed')).map((body) => body.recomBlockId)).toEqual(['pdp-similar', 'late-block']);
});
