import type { Offer } from '../catalog.ts';
import { categoryPath, relatedOffers, stockOffer } from '../catalog-queries.ts';
import { formatPrice, html } from '../html.ts';
import type { PageContent, PageContext } from '../layout.ts';
import { renderRecomBlock, renderSponsoredShelf } from '../product-card.ts';

/**
 * A product page (`data-rr-view` with `data-rr-price` and `data-rr-currency`, so
 * the tracker also sends `productView`): picture, price and availability in the
 * visitor's region, the add-to-basket and wishlist buttons, related products and a sponsored shelf.
 */
export function renderProductPage(context: PageContext, offer: Offer): PageContent {
  const { catalog, stockId } = context;
  const { price, available } = stockOffer(offer, stockId);
  const path = categoryPath(catalog, offer.categoryId);
  return {
    title: offer.name,
    main: html`<section class="product" data-rr-view="${offer.id}" data-rr-price="${price}" data-rr-currency="EUR">
  <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/">Home</a>${path.map((c) => html` / <a href="/category/${c.id}">${c.name}</a>`)}</nav>
  <div class="product-layout">
    <img class="product-picture" src="${offer.picturePath}" alt="${offer.name}" width="400" height="300">
    <div class="product-info">
      <p class="card-vendor">${offer.vendor}</p>
      <h1>${offer.name}</h1>
      <p class="price">${formatPrice(price)}</p>
      <p class="${available ? 'in-stock' : 'stock-note'}">${available ? `In stock in ${stockId}` : `Sold out in ${stockId}`}</p>
      <p>${offer.description}</p>
      <button id="add-to-basket" type="button" class="add" data-rr-add-to-basket="${offer.id}"${available ? '' : html` disabled`}>Add to basket</button>
      <button id="add-to-wishlist" type="button" class="secondary" data-product-id="${offer.id}" data-price="${price}" data-in-stock="${available ? '1' : '0'}">Add to wishlist</button>
      <p class="muted">Article ${offer.id}</p>
    </div>
  </div>
  ${renderSponsoredShelf('productPlacements', 'product-page-shelf')}
  ${renderRecomBlock(catalog, 'product-related', 'You may also like', relatedOffers(catalog, offer, 4), stockId)}
</section>`,
  };
}
