import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDemoSite, type DemoSite } from './demo-site.ts';

let site: DemoSite;
before(async () => {
  site = await startDemoSite({ relayUrl: 'http://127.0.0.1:9', partnerId: '608423a9b126ac6ab3f8f0a5' });
});
after(() => site.close());

const get = (path: string, init?: RequestInit) => fetch(site.url + path, { redirect: 'manual', ...init });
const attributeValues = (page: string, name: string) => [...page.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);

describe('the demo store', () => {
  const pages = ['/', '/category/1', '/category/11', '/product/123456', '/group/500100', '/product/123502', '/search?q=jacket', '/cart', '/checkout', '/sign-in'];

  it('serves every page kind with the tracker and the relay\'s address', async () => {
    for (const path of pages) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      const page = await response.text();
      assert.ok(page.includes('<script src="/rr.js" data-partner-id="608423a9b126ac6ab3f8f0a5" data-endpoint="http://127.0.0.1:9">'), path);
      assert.ok(page.includes('<body data-rr-stock-id="Berlin">'), path);
    }
  });

  it('sends only ids that are in the feed', async () => {
    const offerIds = new Set(site.catalog.offers.map((o) => String(o.id)));
    const groupIds = new Set(site.catalog.offers.map((o) => String(o.groupId)));
    const categoryIds = new Set(site.catalog.categories.map((c) => String(c.id)));
    let checked = 0;
    const expectIn = (known: Set<string>, id: string, where: string) => {
      assert.ok(known.has(id), `${where}="${id}" is not in the feed`);
      checked++;
    };
    for (const path of pages) {
      const page = await (await get(path)).text();
      for (const name of ['data-rr-view', 'data-rr-product-id', 'data-rr-add-to-basket']) {
        for (const id of attributeValues(page, name)) expectIn(offerIds, id, `${path}: ${name}`);
      }
      for (const ids of attributeValues(page, 'data-rr-product-ids')) for (const id of ids.split(',')) expectIn(offerIds, id, `${path}: data-rr-product-ids`);
      for (const id of attributeValues(page, 'data-rr-group-view')) expectIn(groupIds, id, `${path}: data-rr-group-view`);
      for (const id of attributeValues(page, 'data-rr-category-view')) expectIn(categoryIds, id, `${path}: data-rr-category-view`);
    }
    assert.ok(checked > 50, `${checked} ids checked`);
  });

  it('marks each page kind with its attribute', async () => {
    const page = async (path: string) => (await get(path)).text();
    assert.match(await page('/'), /data-rr-recom-block="home-popular"/);
    assert.match(await page('/category/11'), /data-rr-category-view="11"[\s\S]*data-rr-sponsored-placement="categoryPlacements:category-page-shelf"/);
    assert.match(await page('/product/123456'), /data-rr-view="123456"[\s\S]*id="add-to-basket"[^>]*data-rr-add-to-basket="123456"[\s\S]*data-rr-sponsored-placement="productPlacements:product-page-shelf"/);
    assert.match(await page('/group/500100'), /data-rr-group-view="500100" data-rr-product-ids="123501,123502,123503"/);
    assert.match(await page('/search?q=merino+top'), /data-rr-search-phrase="merino top"[\s\S]*data-rr-sponsored-placement="searchPlacements:search-page-shelf"/);
    assert.match(await page('/'), /<form class="search" action="\/search" method="get" role="search" data-rr-search="q">/);
  });

  it('prices and stocks pages in the region from the switcher\'s cookie, and ignores unknown regions', async () => {
    const vienna = await (await get('/product/123456', { headers: { cookie: 'rr-demo-stock=Vienna' } })).text();
    assert.ok(vienna.includes('<body data-rr-stock-id="Vienna">'));
    assert.ok(vienna.includes('€263.99'));
    const unknown = await (await get('/', { headers: { cookie: 'rr-demo-stock=Atlantis' } })).text();
    assert.ok(unknown.includes('<body data-rr-stock-id="Berlin">'));
  });

  it('serves the feed and the pictures it names, and 404s what the feed does not have', async () => {
    assert.equal((await get('/feed.yml')).headers.get('content-type'), 'application/xml; charset=utf-8');
    for (const offer of site.catalog.offers) {
      const response = await get(offer.picturePath);
      assert.equal(response.headers.get('content-type'), 'image/svg+xml', offer.picturePath);
      await response.arrayBuffer();
    }
    assert.equal((await get('/product/999')).status, 404);
    assert.equal((await get('/category/999')).status, 404);
    assert.equal((await get('/product.html')).headers.get('location'), '/product/123456');
  });
});
