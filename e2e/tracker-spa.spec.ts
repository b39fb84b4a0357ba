import { expect, test, type Tab } from './engines/engine-test.ts';
import { type Fields, flushTracker, pause } from './tracker-calls.ts';
import { receivedEvents } from './upstream-client.ts';

// A single-page storefront (fixtures/spa/storefront.tsx: Preact, routing on the History API, the
// tracker's ES module with autoTrack): elements kept across routes, their attributes changed in place.

const spaUrl = (path: string) => `${process.env.FIXTURE_URL}/spa${path}`;

/** Clicks an in-app link and waits until the page (run in it) shows what it should. */
async function go(tab: Tab, linkId: string, shows: () => boolean) {
  await tab.click(`#${linkId}`);
  await tab.waitFor(shows);
}

/** What the upstream received for the visitor, as `method value` lines in order. */
async function received(sessionId: string): Promise<string[]> {
  const value = (method: string, body: Fields) =>
    ({ view: body.productId, categoryView: body.categoryId, search: body.searchPhrase, recomBlockViewed: body.recomBlockId })[method] ?? JSON.stringify(body);
  return (await receivedEvents()).filter((event) => event.body.sessionExternalId === sessionId).map((event) => `${event.method} ${value(event.method, event.body as Fields)}`);
}

test('an SPA: product changed in place, A → B → A, a category changed in place, a block reused with a new id, a search: each once; re-renders send nothing', async ({ visitor }) => {
  const tab = await visitor.newTab();
  await tab.goto(spaUrl('/'));
  await tab.waitFor(() => (window as any).storefrontTracking);
  const sessionId = await tab.evaluate(() => (window as any).rr.sessionId as string);
  // The home page's block, seen before the shopper moves on.
  await expect.poll(async () => (await flushTracker(tab), received(sessionId))).toEqual(['recomBlockViewed home-top']);

  await go(tab, 'to-product-101', () => document.getElementById('page')?.dataset.rrView === '101');
  await pause(300);
  await go(tab, 'to-product-102', () => document.getElementById('page')?.dataset.rrView === '102');
  await pause(300);
  await go(tab, 'to-product-101', () => document.getElementById('page')?.dataset.rrView === '101');
  await pause(300);
  // A re-render storm on the product page: 200 renders, some of them remounting the product element.
  await tab.evaluate(() => (window as any).renderStorm(200));
  await go(tab, 'to-category-7', () => document.getElementById('page')?.dataset.rrCategoryView === '7');
  // A filter on the same category (a query string, the same path): the same page view.
  await go(tab, 'sort-by-price', () => document.getElementById('page')?.dataset.rrCategoryView === '7');
  await tab.evaluate(() => (window as any).renderStorm(50));
  await go(tab, 'to-category-8', () => document.getElementById('page')?.dataset.rrCategoryView === '8');
  await go(tab, 'search-button', () => document.getElementById('page')?.dataset.rrSearchPhrase === 'tent');
  await pause(300);
  // Back (popstate) to category 8: another page view of it.
  await tab.evaluate(() => history.back());
  await tab.waitFor(() => document.getElementById('page')?.dataset.rrCategoryView === '8');
  await flushTracker(tab);

  const expected = [
    'recomBlockViewed home-top',
    'view 101',
    'recomBlockViewed related-101',
    'view 102',
    'recomBlockViewed related-102',
    'view 101',
    'recomBlockViewed related-101',
    'categoryView 7',
    'categoryView 8',
    'search tent',
    'categoryView 8',
  ];
  await expect.poll(() => received(sessionId), { timeout: 10_000 }).toHaveLength(expected.length);
  await pause(1500);
  expect(await received(sessionId)).toEqual(expected);
});

test('an SPA that stops auto-tracking (unmounted) leaves nothing behind: later changes send nothing', async ({ visitor }) => {
  const tab = await visitor.newTab();
  await tab.goto(spaUrl('/product/101'));
  await tab.waitFor(() => (window as any).storefrontTracking);
  const sessionId = await tab.evaluate(() => (window as any).rr.sessionId as string);
  await flushTracker(tab);
  await expect.poll(() => received(sessionId)).toContain('view 101');
  // The app unmounts: its effect's cleanup stops auto-tracking.
  await tab.evaluate(() => (window as any).unmountStorefront());
  // Preact runs the effect's cleanup (which stops auto-tracking) after the unmount's render.
  await tab.waitFor(() => (window as any).storefrontTracking === false);
  await tab.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<div data-rr-view="999"></div><section data-rr-recom-block="after-unmount">block</section>');
    history.pushState(null, '', '/spa/product/999');
    document.querySelector('[data-rr-recom-block]')?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });
  await pause(1500);
  await flushTracker(tab);
  await pause(500);
  expect((await received(sessionId)).filter((line) => line.includes('999') || line.includes('after-unmount'))).toEqual([]);
});
