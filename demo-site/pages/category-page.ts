import type { Category } from '../catalog.ts';
import { categoryPath, listingOffers, offersInCategory } from '../catalog-queries.ts';
import { html } from '../html.ts';
import type { PageContent, PageContext } from '../layout.ts';
import { renderProductGrid, renderSponsoredShelf } from '../product-card.ts';

/** A category page (`data-rr-category-view`): its subcategories and its products, its subcategories' included. */
export function renderCategoryPage(context: PageContext, category: Category): PageContent {
  const { catalog, stockId } = context;
  const offers = listingOffers(offersInCategory(catalog, category.id));
  const children = catalog.categories.filter((c) => c.parentId === category.id);
  const siblings = category.parentId === undefined ? [] : catalog.categories.filter((c) => c.parentId === category.parentId);
  const path = categoryPath(catalog, category.id);
  return {
    title: category.name,
    main: html`<section class="category" data-rr-category-view="${category.id}">
  <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/">Home</a>${path.map((c) => html` / <a href="/category/${c.id}">${c.name}</a>`)}</nav>
  <h1>${category.name}</h1>
  ${
    children.length || siblings.length
      ? html`<div class="chips">${(children.length ? children : siblings).map((c) => html`<a class="chip" href="/category/${c.id}"${c.id === category.id ? html` aria-current="page"` : ''}>${c.name}</a>`)}</div>`
      : ''
  }
  <p class="muted">${offers.length} products</p>
  ${renderProductGrid(catalog, offers, stockId)}
  ${renderSponsoredShelf('categoryPlacements', 'category-page-shelf')}
</section>`,
  };
}
