import { expect, test } from '@playwright/test';
import type { Impression } from '@rrelay/protocol';
import { resetUpstream } from './upstream-client.ts';
import { catalog, screenshot, waitForVisitorEvents, watchConsole } from './demo-helpers.ts';

const upstreamConfig = (settings: object) =>
  fetch(`${process.env.UPSTREAM_URL}/__upstream/config`, { method: 'POST', body: JSON.stringify(settings) });

test.beforeEach(async () => {
  await resetUpstream();
  // The local upstream answers 204 to a quarter of requests, as a real site would; these tests need content.
  await upstreamConfig({ spEmptyShare: 0 });
});
test.afterEach(() => upstreamConfig({ spEmptyShare: 0.25 }));

const shelves = [
  { name: 'product', path: '/product/123456', kind: 'productPlacements', context: 'productId=123456' },
  { name: 'category', path: '/category/12', kind: 'categoryPlacements', context: 'categoryId=12' },
  { name: 'search', path: '/search?q=tent', kind: 'searchPlacements', context: 'searchQuery=tent' },
] as const;

for (const shelf of shelves) {
  test(`the ${shelf.name} page's sponsored shelf comes from the relay through rr.impression, and its view and click reach Retail Rocket`, async ({ page, context }, testInfo) => {
    const console = watchConsole(page);
    const answer = page.waitForResponse((r) => r.url().includes(`/v1/partners/`) && r.url().includes(`/${shelf.kind}/`));
    await page.goto(shelf.path);
    const response = await answer;
    expect(response.url()).toContain(shelf.context);
    expect(response.status()).toBe(200);
    const impression = (await response.json()) as Impression;

    const content = page.locator(`[data-rr-sponsored-placement^="${shelf.kind}:"] [data-rr-impression-content]`);
    await expect(content).toHaveAttribute('data-rr-impression-content', impression.content.id);
    if ('productIds' in impression.content) {
      // The shelf names products of the store's own feed.
      const names = impression.content.productIds.map((id) => catalog.offers.find((offer) => offer.id === id)?.name);
      expect(names.every(Boolean)).toBe(true);
      await expect(content.locator('li a')).toHaveText(names as string[]);
    }
    await content.scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, `sponsored-${shelf.name}`);
    const viewed = await waitForVisitorEvents(context, (mine) => mine.some((e) => e.method === 'impressionContentViewed'));
    expect(viewed.filter((e) => e.method === 'impressionContentViewed').map((e) => e.body)).toEqual([
      expect.objectContaining({ impressionContentId: impression.content.id }),
    ]);

    await content.locator('p, li').first().click({ noWaitAfter: true });
    const clicked = await waitForVisitorEvents(context, (mine) => mine.some((e) => e.method === 'impressionContentClicked'));
    expect(clicked.find((e) => e.method === 'impressionContentClicked')!.body).toMatchObject({ impressionContentId: impression.content.id });
    console.expectNone();
  });
}

test('a placement with nothing to show leaves no gap in the page', async ({ page }) => {
  await upstreamConfig({ spEmptyShare: 1 });
  const answer = page.waitForResponse((r) => r.url().includes('/productPlacements/'));
  await page.goto('/product/123456');
  expect((await answer).status()).toBe(204);
  await expect(page.locator('[data-rr-sponsored-placement="productPlacements:product-page-shelf"]')).toBeHidden();
  await expect(page.locator('[data-rr-impression-content]')).toHaveCount(0);
});
