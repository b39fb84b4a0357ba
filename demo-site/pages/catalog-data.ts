import { stockOffer } from '../catalog-queries.ts';
import { html, raw, type SafeHtml } from '../html.ts';
import type { PageContext } from '../layout.ts';

/**
 * The offers as JSON for the pages the browser fills in (cart, checkout): name,
 * picture and the price and availability in the visitor's region.
 */
export function renderCatalogData(context: PageContext): SafeHtml {
  const offers = context.catalog.offers.map((offer) => ({ id: offer.id, name: offer.name, picture: offer.picturePath, path: offer.path, ...stockOffer(offer, context.stockId) }));
  return html`<script type="application/json" id="catalog-data">${raw(JSON.stringify(offers).replaceAll('<', '\\u003c'))}</script>`;
}
