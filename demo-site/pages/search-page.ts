import { listingOffers, searchOffers } from '../catalog-queries.ts';
import { html } from '../html.ts';
import type { PageContent, PageContext } from '../layout.ts';
import { renderProductGrid, renderSponsoredShelf } from '../product-card.ts';

/** Search results for a phrase (`data-rr-search-phrase`), with a sponsored shelf. */
export function renderSearchPage(context: PageContext, phrase: string): PageContent {
  const { catalog, stockId } = context;
  const offers = listingOffers(searchOffers(catalog, phrase));
  return {
    title: phrase ? `Search: ${phrase}` : 'Search',
    main: html`<section class="search-results"${phrase ? html` data-rr-search-phrase="${phrase}"` : ''}>
  <h1>${phrase ? html`Results for “${phrase}”` : 'Search the store'}</h1>
  <p class="muted">${offers.length} ${offers.length === 1 ? 'product' : 'products'}</p>
  ${offers.length ? renderProductGrid(catalog, offers, stockId) : html`<p class="empty">Nothing matches. Try “tent”, “merino” or “headlamp”.</p>`}
  ${phrase ? renderSponsoredShelf('searchPlacements', 'search-page-shelf') : ''}
</section>`,
  };
}
