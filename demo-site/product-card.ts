import type { Catalog, Offer } from './catalog.ts';
import { groupName, groupOffers, listingPath, stockOffer } from './catalog-queries.ts';
import { formatPrice, html, type SafeHtml } from './html.ts';

/**
 * A product's card in a listing. Inside a recommendation block its link carries
 * `data-rr-product-id` (a click is a `recomTap`); its button carries
 * `data-rr-add-to-basket` either way. A group (variants) links to its page to
 * choose a variant instead of offering the button.
 */
export function renderProductCard(catalog: Catalog, offer: Offer, stockId: string, inRecomBlock: boolean): SafeHtml {
  const variants = offer.groupId === undefined ? [offer] : groupOffers(catalog, offer.groupId);
  const prices = variants.map((v) => stockOffer(v, stockId).price);
  const available = variants.some((v) => stockOffer(v, stockId).available);
  const from = Math.min(...prices) !== Math.max(...prices) ? 'from ' : '';
  const name = groupName(offer);
  return html`<article class="card${available ? '' : ' sold-out'}">
  <a class="card-link" href="${listingPath(offer)}"${inRecomBlock ? html` data-rr-product-id="${offer.id}"` : ''}>
    <img src="${offer.picturePath}" alt="" width="400" height="300" loading="lazy">
    <span class="card-vendor">${offer.vendor}</span>
    <h3>${name}</h3>
  </a>
  <p class="card-price">${from}${formatPrice(Math.min(...prices))}${variants.length > 1 ? html` <span class="muted">· ${variants.length} variants</span>` : ''}</p>
  ${
    !available
      ? html`<p class="stock-note">Sold out in your region</p>`
      : offer.groupId === undefined
        ? html`<button type="button" class="add" data-rr-add-to-basket="${offer.id}">Add to basket</button>`
        : html`<a class="button secondary" href="${listingPath(offer)}">Choose</a>`
  }
</article>`;
}

/** A grid of cards. */
export function renderProductGrid(catalog: Catalog, offers: Offer[], stockId: string, inRecomBlock = false): SafeHtml {
  return html`<div class="grid">${offers.map((offer) => renderProductCard(catalog, offer, stockId, inRecomBlock))}</div>`;
}

/**
 * A recommendation block: `data-rr-recom-block` names it, so the tracker reports
 * it seen (`recomBlockViewed`), and clicks on its products (`recomTap`,
 * `recomAddToBasket`).
 */
export function renderRecomBlock(catalog: Catalog, recomBlockId: string, title: string, offers: Offer[], stockId: string): SafeHtml {
  return html`<section class="recom-block" data-rr-recom-block="${recomBlockId}">
  <h2>${title}</h2>
  ${renderProductGrid(catalog, offers, stockId, true)}
</section>`;
}

/**
 * The empty container of a sponsored shelf; the sponsored-products script fills
 * it from the relay's impressions endpoint (`<kind>:<placementId>`).
 */
export function renderSponsoredShelf(kind: string, placementId: string): SafeHtml {
  return html`<div class="sponsored-shelf" data-rr-sponsored-placement="${kind}:${placementId}"></div>`;
}
