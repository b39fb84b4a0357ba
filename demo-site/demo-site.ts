import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { feedPath, loadCatalog, type Catalog } from './catalog.ts';
import { groupOffers } from './catalog-queries.ts';
import { html } from './html.ts';
import { serveInspector } from './inspector-routes.ts';
import { renderLayout, type PageContent, type PageContext } from './layout.ts';
import { productPicture } from './product-picture.ts';
import { renderCartPage } from './pages/cart-page.ts';
import { renderCategoryPage } from './pages/category-page.ts';
import { renderCheckoutPage } from './pages/checkout-page.ts';
import { renderGroupPage } from './pages/group-page.ts';
import { renderHomePage } from './pages/home-page.ts';
import { renderProductPage } from './pages/product-page.ts';
import { renderSearchPage } from './pages/search-page.ts';
import { renderSignInPage } from './pages/sign-in-page.ts';

/** Where the demo store finds its relay. */
export interface DemoSiteOptions {
  port?: number;
  /** The relay's origin, e.g. `http://127.0.0.1:8787`. */
  relayUrl: string;
  partnerId: string;
  /**
   * The relay's `HEALTH_TOKEN`. When given (the local stack gives it), the store
   * also serves the event inspector at `/inspector`, reading the relay's activity
   * and health through this server, so the token never reaches a page.
   */
  healthToken?: string;
}

/** A running demo store. */
export interface DemoSite {
  url: string;
  server: Server;
  catalog: Catalog;
  close(): Promise<void>;
}

/** The cookie the region switcher sets; its value is a stock id of the feed. */
export const stockCookieName = 'rr-demo-stock';

const staticDir = new URL('static/', import.meta.url);
const staticFiles: Record<string, string> = {
  '/store.css': 'text/css; charset=utf-8',
  '/store.js': 'text/javascript; charset=utf-8',
  '/sponsored.js': 'text/javascript; charset=utf-8',
  '/sponsored-shelf.js': 'text/javascript; charset=utf-8',
};
// The build with the store events: the demo feeds eSputnik too.
const trackerScript = fileURLToPath(import.meta.resolve('@rrelay/tracker/rr.stores.js'));

function visitorStock(req: IncomingMessage, catalog: Catalog): string {
  const match = (req.headers.cookie ?? '').match(new RegExp(`(?:^|;\\s*)${stockCookieName}=([^;]+)`));
  const wanted = match ? decodeURIComponent(match[1]!) : '';
  return catalog.stockIds.includes(wanted) ? wanted : catalog.stockIds[0]!;
}

function notFound(): PageContent {
  return { title: 'Not found', main: html`<section class="panel narrow"><h1>Not found</h1><p>That page is not in the feed. <a href="/">Back to the store</a></p></section>` };
}

/** Picks the page for a path, or `undefined` when the path names nothing in the feed. */
function route(context: PageContext, url: URL): PageContent | undefined {
  const { catalog } = context;
  const [, kind, idText] = url.pathname.split('/');
  const id = Number(idText);
  if (url.pathname === '/') return renderHomePage(context);
  if (url.pathname === '/search') return renderSearchPage(context, (url.searchParams.get('q') ?? '').trim());
  if (url.pathname === '/cart') return renderCartPage(context);
  if (url.pathname === '/checkout') return renderCheckoutPage(context);
  if (url.pathname === '/sign-in') return renderSignInPage(context);
  if (kind === 'category') {
    const category = catalog.categories.find((c) => c.id === id);
    return category && renderCategoryPage(context, category);
  }
  if (kind === 'product') {
    const offer = catalog.offers.find((o) => o.path === url.pathname);
    if (!offer) return undefined;
    return offer.groupId === undefined ? renderProductPage(context, offer) : renderGroupPage(context, offer.groupId, groupOffers(catalog, offer.groupId), offer.id);
  }
  if (kind === 'group') {
    const variants = groupOffers(catalog, id);
    return variants.length ? renderGroupPage(context, id, variants) : undefined;
  }
  return undefined;
}

/**
 * Serves the demo store: pages generated from its product feed on each request
 * (in the visitor's region, from the switcher's cookie), the feed itself at
 * `/feed.yml`, the product pictures, the tracker's `<script>` build at `/rr.js`,
 * and, given the relay's token, the event inspector at `/inspector`.
 */
export async function startDemoSite(options: DemoSiteOptions): Promise<DemoSite> {
  const catalog = loadCatalog();
  // What a sponsored product shelf needs to show the products it names (sponsored.js).
  const shelfProducts = Object.fromEntries(catalog.offers.map((offer) => [offer.id, { name: offer.name, path: offer.path, price: offer.price }]));
  const pictures = new Map(catalog.offers.map((offer) => [offer.picturePath, offer]));
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    res.end(body);
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    try {
      if (url.pathname === '/rr.js') return send(res, 200, 'text/javascript; charset=utf-8', await readFile(trackerScript));
      if (staticFiles[url.pathname]) return send(res, 200, staticFiles[url.pathname]!, await readFile(new URL(url.pathname.slice(1), staticDir)));
      if (url.pathname === '/catalog.json') return send(res, 200, 'application/json', JSON.stringify(shelfProducts));
      if (url.pathname === '/feed.yml') return send(res, 200, 'application/xml; charset=utf-8', await readFile(feedPath));
      if (options.healthToken && (await serveInspector(req, res, url, { relayUrl: options.relayUrl, healthToken: options.healthToken }))) return;
      const pictured = pictures.get(url.pathname);
      if (pictured) return send(res, 200, 'image/svg+xml', productPicture(pictured), { 'cache-control': 'max-age=3600' });
      // The foundation's single product page, kept as an address.
      if (url.pathname === '/product.html') return send(res, 301, 'text/plain', 'moved', { location: '/product/123456' });
      const context: PageContext = {
        catalog,
        stockId: visitorStock(req, catalog),
        relayUrl: options.relayUrl,
        partnerId: options.partnerId,
        path: url.pathname + url.search,
        inspector: Boolean(options.healthToken),
      };
      const page = route(context, url);
      send(res, page ? 200 : 404, 'text/html; charset=utf-8', renderLayout(context, page ?? notFound()));
    } catch (error) {
      send(res, 500, 'text/plain; charset=utf-8', `demo store error: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, catalog, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
