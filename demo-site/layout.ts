import type { Catalog } from './catalog.ts';
import { html, type SafeHtml } from './html.ts';

/** What every page is rendered with. */
export interface PageContext {
  catalog: Catalog;
  /** The visitor's stock (region), from the switcher's cookie. */
  stockId: string;
  /** The relay's origin, for the tracker's `data-endpoint`. */
  relayUrl: string;
  partnerId: string;
  /** The request's path and query, to mark the current nav item. */
  path: string;
  /** Whether this server also serves the event inspector (the footer links to it). */
  inspector?: boolean;
}

/** A page's own parts, put in the store's frame by `renderLayout`. */
export interface PageContent {
  title: string;
  main: SafeHtml;
  /** Extra markup before `</body>`, e.g. data for the cart. */
  tail?: SafeHtml;
}

const stockNames: Record<string, string> = { Berlin: 'Berlin', Munich: 'Munich', Vienna: 'Vienna (AT)' };

/**
 * The store's frame: header with navigation, search, region switcher and cart,
 * footer, the tracker's `<script>` tag and the store's own script. The region
 * is set as `data-rr-stock-id` on `<body>`, so every event carries it.
 */
export function renderLayout(context: PageContext, content: PageContent): string {
  const { catalog, stockId } = context;
  const topCategories = catalog.categories.filter((c) => c.parentId === undefined);
  const phrase = context.path.startsWith('/search') ? (new URL(context.path, 'http://x').searchParams.get('q') ?? '') : '';
  return '<!doctype html>\n' + html`<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${content.title} · ${catalog.shopName}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/store.css">
  <script src="/rr.js" data-partner-id="${context.partnerId}" data-endpoint="${context.relayUrl}"></script>
  <script src="/store.js" defer></script>
  <script src="/sponsored.js" type="module"></script>
</head>
<body data-rr-stock-id="${stockId}">
  <div class="topbar">
    <span>Free delivery over €100 · 60-day returns</span>
    <label class="stock-switcher">Region
      <select id="stock-switcher" name="stock">
        ${catalog.stockIds.map((id) => html`<option value="${id}"${id === stockId ? html` selected` : ''}>${stockNames[id] ?? id}</option>`)}
      </select>
    </label>
  </div>
  <header class="site-header">
    <a class="logo" href="/"><svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true"><path d="M2 28 L12 10 L17 18 L21 12 L30 28 Z" fill="#d2552d"/><circle cx="24" cy="6" r="3" fill="#f3d9a4"/></svg>${catalog.shopName}</a>
    <form class="search" action="/search" method="get" role="search" data-rr-search="q">
      <input type="search" name="q" value="${phrase}" placeholder="Search tents, jackets, headlamps…" aria-label="Search the store" required>
      <button type="submit">Search</button>
    </form>
    <nav class="account">
      <a id="account-link" href="/sign-in">Sign in</a>
      <a class="cart-link" href="/cart">Cart <span id="cart-count" class="badge">0</span></a>
    </nav>
  </header>
  <nav class="categories" aria-label="Categories">
    ${topCategories.map((c) => html`<a href="/category/${c.id}"${context.path === `/category/${c.id}` ? html` aria-current="page"` : ''}>${c.name}</a>`)}
  </nav>
  <main>
${content.main}
  </main>
  <footer class="site-footer">
    <div>
      <strong>${catalog.shopName}</strong>
      <p>A demo store for rrelay: every page is generated from <a href="/feed.yml">its Retail Rocket product feed</a>, and every click is sent through the relay.</p>
    </div>
    <div>
      <strong>Shop</strong>
      ${topCategories.map((c) => html`<a href="/category/${c.id}">${c.name}</a>`)}
    </div>
    <div>
      <strong>Help</strong>
      <a href="/sign-in">Your account</a><a href="/cart">Cart</a><a href="/feed.yml">Product feed (YML)</a>${context.inspector && html`<a href="/inspector">Event inspector: what the relay did</a>`}
    </div>
  </footer>
  <div id="toast" role="status" aria-live="polite"></div>
${content.tail}
</body>
</html>
`.html;
}
