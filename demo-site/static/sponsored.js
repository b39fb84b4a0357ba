// sponsored.js: fills each sponsored shelf of a demo page
// (`<div data-rr-sponsored-placement="<kind>:<placementId>">`) from the relay with
// the tracker's `rr.impression(...)`, and renders it with sponsored-shelf.js. The
// tracker's auto-tracking then reports the rendered `data-rr-impression-content`
// as impressionContentViewed (half visible) and impressionContentClicked.
import { renderSponsoredShelf } from './sponsored-shelf.js';

/** @type {any} */
const rr = /** @type {any} */ (window).rr;
const attribute = (/** @type {string} */ name) => document.querySelector(`[${name}]`)?.getAttribute(name) ?? undefined;

/** The page's context for each placement kind, read from the tracking attributes the page already has. */
const context = {
  productPlacements: () => ({ productId: Number(attribute('data-rr-view')) }),
  productGroupsPlacements: () => ({ productIds: (attribute('data-rr-product-ids') ?? '').split(',').map(Number) }),
  categoryPlacements: () => ({ categoryId: Number(attribute('data-rr-category-view')) }),
  searchPlacements: () => ({ searchQuery: attribute('data-rr-search-phrase') }),
  anyPlacements: () => ({}),
};

/** @type {Promise<Record<string, { name: string, path: string, price: number }>> | undefined} */
let catalog;
const products = () => (catalog ??= fetch('/catalog.json').then((response) => response.json()));

for (const slot of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-rr-sponsored-placement]'))) {
  const [kind = '', placementId = ''] = (slot.dataset.rrSponsoredPlacement ?? '').split(':');
  const fields = /** @type {Record<string, () => object>} */ (context)[kind]?.();
  if (!fields || typeof rr?.impression !== 'function') continue;
  const stockId = document.body.dataset.rrStockId;
  rr.impression({ kind, placementId, ...fields, ...(stockId && kind !== 'categoryPlacements' && kind !== 'searchPlacements' ? { stockId } : {}) })
    .then(async (/** @type {any} */ impression) => {
      const known = impression && 'productIds' in impression.content ? await products() : {};
      renderSponsoredShelf(slot, impression, {
        product: (/** @type {number} */ id) => (known[id] ? { name: known[id].name, url: known[id].path, price: `€${known[id].price.toFixed(2)}` } : undefined),
      });
    });
}
