import type { StoreMethod } from '@rrelay/protocol';
import { checkFields, fits } from './check-fields.ts';
import type { EventFields, OrderItem, Tracker } from './create-tracker.ts';
import { randomId } from './random-id.ts';

/**
 * The fields of each store event (events for destinations other than Retail
 * Rocket, such as eSputnik, which Retail Rocket never receives), in the form of
 * check-fields.ts's `eventFields`, besides `sessionExternalId` and `timestamp`,
 * with kinds of their own: `~` an optional finite number ≥ 0, `&` an optional
 * boolean, `{` an optional object, `[` an array of lines (`productId# quantity$ price$ discount~`).
 */
export const storeEventFields: Record<StoreMethod, string> = {
  productView: 'productId# price$ currency? isInStock&',
  cart: 'cartId! items[ currency?',
  orderPlaced: 'transaction! items[ cartId?',
  addToWishlist: 'productId# price$ currency? isInStock&',
  customEvent: 'name! params{',
};

/** One line of the cart: `discount` is the discount per item, when the store gives one. */
export interface CartItem {
  productId: number;
  quantity: number;
  price: number;
  discount?: number;
}

/** The tracker with the store events: what Retail Rocket's events do not carry, for eSputnik and the like. */
export interface StoreTracker extends Tracker {
  /**
   * A product page was viewed. With a `price` (and optionally `currency`, `isInStock`), a `productView`
   * store event goes too; Retail Rocket receives its `view` either way.
   */
  view(fields: EventFields<'view'> & { price?: number; currency?: string; isInStock?: boolean }): void;
  /**
   * The whole cart after a change (an empty `items` is an emptied cart). Sent under a cart id the
   * tracker makes and keeps (localStorage `rrcart`) until the order is placed: eSputnik's `GUID`.
   */
  cart(fields: { items: CartItem[]; currency?: string }): void;
  /** An order was placed: Retail Rocket's `order` per line, and one `orderPlaced` with every line and the cart id. */
  order(fields: { transaction: string; items: OrderItem[] } | EventFields<'order'>): void;
  /** A product was added to the shopper's wishlist. */
  addToWishlist(fields: { productId: number; price: number; currency?: string; isInStock?: boolean }): void;
  /** An action of the store's own naming (letters, digits, `_ . -`), with optional parameters: `{ plan: ['pro'] }`. */
  customEvent(fields: { name: string; params?: Record<string, string[]> }): void;
}

const cartKey = 'rrcart';

/** Whether a value is of a store event field's kind (see {@link storeEventFields}); the other kinds as Retail Rocket's. */
const storeFits = (kind: string, value: any): boolean =>
  kind == '~'
    ? fits('$', value)
    : kind == '&'
      ? typeof value == 'boolean'
      : kind == '['
        ? Array.isArray(value) && value.every((line) => !checkFields('', line, 'productId# quantity$ price$ discount~', storeFits))
        : kind == '{'
          ? typeof value == 'object'
          : fits(kind, value);

/** localStorage, when the page has one that works (not on a server, not when storage is blocked). */
const storage = (): Storage | undefined => {
  try {
    return localStorage;
  } catch {}
};

/**
 * Adds the store events to a tracker (the `<script>` build has them): `cart`,
 * `addToWishlist`, `customEvent`, a `view` that also sends `productView` when
 * given a price, and an `order` that also sends one `orderPlaced` and then
 * forgets the cart id. Returns the same tracker.
 */
export function storeEvents(rr: Tracker): StoreTracker {
  const { view, order } = rr;
  const tracker = rr as StoreTracker;
  const track = (method: StoreMethod, fields: object) => rr.track(method, fields, __DEBUG__ ? (given) => checkFields(method, given, storeEventFields[method], storeFits) : undefined);
  // The page's localStorage is the truth (other tabs share it); `kept` serves where there is none.
  let kept: string | undefined;
  const cartId = () => {
    kept = storage()?.getItem(cartKey) || kept || randomId();
    storage()?.setItem(cartKey, kept);
    return kept;
  };

  tracker.view = ({ price, currency, isInStock, ...fields }) => {
    view(fields);
    if (price !== undefined) track('productView', { productId: fields.productId, price, currency, isInStock });
  };
  tracker.order = (fields: any) => {
    order(fields);
    const items: OrderItem[] = Array.isArray(fields?.items) ? fields.items : [fields];
    const id = storage()?.getItem(cartKey) || kept;
    track('orderPlaced', {
      transaction: fields?.transaction,
      items: items.map((item) => ({ productId: item?.productId, quantity: item?.quantity, price: item?.price })),
      cartId: id,
    });
    kept = undefined;
    storage()?.removeItem(cartKey);
  };
  tracker.cart = (fields) => track('cart', { ...fields, cartId: cartId() });
  tracker.addToWishlist = (fields) => track('addToWishlist', fields);
  tracker.customEvent = (fields) => track('customEvent', fields);
  return tracker;
}
