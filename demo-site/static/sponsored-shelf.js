// sponsored-shelf.js: renders a Retail Rocket Sponsored Products impression into
// the page. It renders only; fetching the impression (`rr.impression(...)`, or a
// GET of the relay's /v1/partners/{partnerId}/{kind}/{placementId}/impressions)
// and reporting it are the tracker's job. The rendered element carries
// `data-rr-impression-content="<content id>"`, which the tracker's auto-tracking
// reports as impressionContentViewed (once, when half of it is visible) and
// impressionContentClicked (on a click inside it).
//
//   import { renderSponsoredShelf } from '/sponsored-shelf.js';
//   const impression = await rr.impression({ kind: 'productPlacements', placementId: 'pdp-shelf', productId: 42, acceptContent: ['productIds'] });
//   renderSponsoredShelf(document.getElementById('sponsored'), impression, { product: (id) => catalog[id] });
//
// An ES module with no dependencies, written for the browsers the demo targets.

/**
 * @typedef {{ id: string, content: { id: string, string: string } | { id: string, productIds: number[] } }} Impression
 * @typedef {{ name: string, url?: string, price?: string }} ShelfProduct
 * @typedef {{ label?: string, product?: (id: number) => ShelfProduct | undefined }} ShelfOptions
 */

/**
 * Renders `impression` into `container` (replacing what was there) and returns
 * the element carrying `data-rr-impression-content`, or `null` when there is
 * nothing to show (`impression` is `null`), in which case the container is
 * emptied and hidden, so a 204 leaves no gap in the page.
 *
 * A text impression becomes a paragraph; a product shelf becomes a list of
 * product cards, named by `options.product(id)` when given (else "Product {id}").
 *
 * @param {HTMLElement} container
 * @param {Impression | null} impression
 * @param {ShelfOptions} [options]
 * @returns {HTMLElement | null}
 */
export function renderSponsoredShelf(container, impression, options = {}) {
  container.replaceChildren();
  if (!impression) {
    container.hidden = true;
    return null;
  }
  const doc = container.ownerDocument;
  const shelf = doc.createElement('section');
  shelf.className = 'sponsored-shelf';
  shelf.setAttribute('data-rr-impression-content', impression.content.id);
  const label = doc.createElement('p');
  label.className = 'sponsored-label';
  label.textContent = options.label ?? 'Sponsored';
  shelf.append(label);

  if ('string' in impression.content) {
    const text = doc.createElement('p');
    text.className = 'sponsored-text';
    text.textContent = impression.content.string;
    shelf.append(text);
  } else {
    const list = doc.createElement('ul');
    list.className = 'grid sponsored-products';
    for (const id of impression.content.productIds) {
      const product = options.product?.(id);
      const item = doc.createElement('li');
      item.setAttribute('data-sponsored-product-id', String(id));
      const link = doc.createElement('a');
      link.href = product?.url ?? '#';
      link.textContent = product?.name ?? `Product ${id}`;
      item.append(link);
      if (product?.price) {
        const price = doc.createElement('p');
        price.className = 'sponsored-price';
        price.textContent = product.price;
        item.append(price);
      }
      list.append(item);
    }
    shelf.append(list);
  }
  container.hidden = false;
  container.append(shelf);
  return shelf;
}
