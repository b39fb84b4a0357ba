import type { Offer } from '../catalog.ts';
import { categoryPath, groupName, relatedOffers, stockOffer } from '../catalog-queries.ts';
import { formatPrice, html } from '../html.ts';
import type { PageContent, PageContext } from '../layout.ts';
import { renderRecomBlock, renderSponsoredShelf } from '../product-card.ts';

/**
 * The page of a product with variants (`data-rr-group-view` with
 * `data-rr-product-ids`): the visitor picks a variant, and the button adds that one.
 * The feed's url of each variant shows this page with that variant chosen.
 */
export function renderGroupPage(context: PageContext, groupId: number, variants: Offer[], selectedId?: number): PageContent {
  const { catalog, stockId } = context;
  const first = variants.find((v) => v.id === selectedId) ?? variants.find((v) => stockOffer(v, stockId).available) ?? variants[0]!;
  const path = categoryPath(catalog, first.categoryId);
  const name = groupName(first);
  const option = (offer: Offer) => Object.values(offer.params).join(', ') || offer.name;
  return {
    title: name,
    main: html`<section class="product" data-rr-group-view="${groupId}" data-rr-product-ids="${variants.map((v) => v.id).join(',')}">
  <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/">Home</a>${path.map((c) => html` / <a href="/category/${c.id}">${c.name}</a>`)}</nav>
  <div class="product-layout">
    <img class="product-picture" id="variant-picture" src="${first.picturePath}" alt="${name}" width="400" height="300">
    <div class="product-info">
      <p class="card-vendor">${first.vendor}</p>
      <h1>${name}</h1>
      <p class="price" id="variant-price">${formatPrice(stockOffer(first, stockId).price)}</p>
      <p>${first.description}</p>
      <fieldset class="variants">
        <legend>${Object.keys(first.params)[0] ?? 'Variant'}</legend>
        ${variants.map((v) => {
          const { price, available } = stockOffer(v, stockId);
          return html`<label class="variant"><input type="radio" name="variant" value="${v.id}" data-price="${formatPrice(price)}" data-picture="${v.picturePath}"${v === first ? html` checked` : ''}${available ? '' : html` disabled`}><span>${option(v)}${available ? '' : ' (sold out)'}</span></label>`;
        })}
      </fieldset>
      <button id="add-to-basket" type="button" class="add" data-rr-add-to-basket="${first.id}"${stockOffer(first, stockId).available ? '' : html` disabled`}>Add to basket</button>
      <p class="muted">Articles ${variants.map((v) => v.id).join(', ')}</p>
    </div>
  </div>
  ${renderSponsoredShelf('productGroupsPlacements', 'product-page-shelf')}
  ${renderRecomBlock(catalog, 'product-related', 'You may also like', relatedOffers(catalog, first, 4), stockId)}
</section>`,
  };
}
