import { html } from '../html.ts';
import type { PageContent, PageContext } from '../layout.ts';
import { renderCatalogData } from './catalog-data.ts';

/** Checkout: delivery details and the order summary; placing the order reports every line with `rr.order`. */
export function renderCheckoutPage(context: PageContext): PageContent {
  return {
    title: 'Checkout',
    main: html`<section class="checkout">
  <h1>Checkout</h1>
  <div class="checkout-layout">
    <form id="checkout-form" class="panel">
      <h2>Delivery</h2>
      <label>Name <input name="name" autocomplete="name" required></label>
      <label>Email <input name="email" type="email" autocomplete="email" required></label>
      <label>Address <input name="address" autocomplete="street-address" required></label>
      <p class="muted">Ships from our ${context.stockId} warehouse.</p>
      <button id="place-order" type="submit">Place order</button>
    </form>
    <aside class="panel">
      <h2>Your order</h2>
      <div id="checkout-lines" class="lines"><p class="empty">Your cart is empty.</p></div>
      <p>Total <strong id="checkout-total">€0.00</strong></p>
    </aside>
  </div>
  <div id="order-confirmation" class="panel confirmation" hidden>
    <h2>Thank you!</h2>
    <p>Your order <strong id="order-transaction"></strong> is on its way.</p>
    <a class="button" href="/">Continue shopping</a>
  </div>
</section>`,
    tail: renderCatalogData(context),
  };
}
