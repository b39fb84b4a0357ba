import { listingOffers, offersInCategory } from '../catalog-queries.ts';
import { html } from '../html.ts';
import type { PageContent, PageContext } from '../layout.ts';
import { renderRecomBlock } from '../product-card.ts';
import { renderCatalogData } from './catalog-data.ts';

/** The cart: filled in the browser from localStorage; small extras recommended below it. */
export function renderCartPage(context: PageContext): PageContent {
  const { catalog, stockId } = context;
  const extras = listingOffers([...offersInCategory(catalog, 32), ...offersInCategory(catalog, 33), ...offersInCategory(catalog, 13)]).slice(0, 4);
  return {
    title: 'Your cart',
    main: html`<section class="cart">
  <h1>Your cart</h1>
  <div id="cart-lines" class="lines"><p class="empty">Your cart is empty.</p></div>
  <div class="cart-summary">
    <p>Total <strong id="cart-total">€0.00</strong></p>
    <a id="to-checkout" class="button" href="/checkout">Checkout</a>
  </div>
  ${renderRecomBlock(catalog, 'cart-extras', 'Don’t forget', extras, stockId)}
</section>`,
    tail: renderCatalogData(context),
  };
}
