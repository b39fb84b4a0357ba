import { listingOffers, offersInCategory } from '../catalog-queries.ts';
import { html } from '../html.ts';
import type { PageContent, PageContext } from '../layout.ts';
import { renderRecomBlock } from '../product-card.ts';

/** Products the home page features, by feed id: the store's bestsellers. */
const popularIds = [123456, 123501, 123521, 123461, 123551, 123570, 123465, 123580];

/** The home page: a hero, category tiles and two recommendation blocks. */
export function renderHomePage(context: PageContext): PageContent {
  const { catalog, stockId } = context;
  const popular = popularIds.map((id) => catalog.offers.find((o) => o.id === id)!).filter(Boolean);
  const fresh = listingOffers([...catalog.offers].reverse()).filter((o) => !popular.includes(o)).slice(0, 4);
  const tops = catalog.categories.filter((c) => c.parentId === undefined);
  return {
    title: 'Outdoor gear for every trail',
    main: html`<section class="hero">
  <div>
    <p class="eyebrow">Winter collection</p>
    <h1>Gear that keeps up with the mountain</h1>
    <p>Tents, layers and lights, tested on the trail and shipped from Berlin, Munich and Vienna.</p>
    <a class="button" href="/category/1">Shop camping</a>
    <a class="button secondary" href="/category/2">Shop clothing</a>
  </div>
  <img src="/pictures/123456.svg" alt="" width="400" height="300">
</section>
<section class="tiles" aria-label="Shop by category">
  ${tops.map((c) => {
    const first = offersInCategory(catalog, c.id)[0];
    return html`<a class="tile" href="/category/${c.id}">${first ? html`<img src="${first.picturePath}" alt="" width="400" height="300">` : ''}<span>${c.name}</span></a>`;
  })}
</section>
${renderRecomBlock(catalog, 'home-popular', 'Popular right now', popular, stockId)}
${renderRecomBlock(catalog, 'home-new', 'New for the trail', fresh, stockId)}`,
  };
}
