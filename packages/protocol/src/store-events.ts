import * as v from 'valibot';
import { catalogId, sessionExternalId, timestamp } from './fields.ts';
import { limits } from './limits.ts';

/** Fields every store event carries, as every tracking event does. */
const visitor = {
  sessionExternalId,
  timestamp,
};

const eventBody = <E extends v.ObjectEntries>(entries: E) => v.strictObject(entries, 'must be an object of the event\'s fields');

/** A price per item as the store shows it: a finite, non-negative number. */
const price = v.pipe(
  v.number('must be a number'),
  v.finite('must be finite'),
  v.minValue(0, 'must not be negative'),
  v.maxValue(limits.maxPrice, 'must be at most 1000000000000'),
);

/** A count of items: a positive integer (eSputnik types quantities `Int`). */
const quantity = v.pipe(
  v.number('must be a number'),
  v.integer('must be an integer'),
  v.minValue(1, 'must be positive'),
  v.maxValue(limits.maxQuantity, 'must be at most 1000000'),
);

/** An ISO 4217 currency code such as `USD`. */
const currency = v.pipe(v.string('must be a string'), v.regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD'));

/**
 * The store's id of one cart, kept from the first item until the order is
 * placed; eSputnik calls it the cart's `GUID` and joins `StatusCart` to
 * `PurchasedItems` by it.
 */
export const cartId = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(limits.maxCartIdLength, 'must be at most 64 characters'),
  v.regex(/^[A-Za-z0-9-]+$/, 'must be letters, digits and - only'),
);

/** An order number as the store shows it, like Retail Rocket's `order.transaction`. */
const transaction = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(limits.maxShortStringLength, 'must be at most 100 characters'),
);

const lineItem = v.strictObject(
  { productId: catalogId, quantity, price },
  'must be an object with productId, quantity and price',
);

const cartItem = v.strictObject(
  { productId: catalogId, quantity, price, discount: v.optional(price) },
  'must be an object with productId, quantity, price and an optional discount',
);

/** A custom event's name: what the store calls the action, e.g. `newsletter_signup`. */
const customEventName = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(limits.maxCustomEventNameLength, 'must be at most 100 characters'),
  v.regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, _ . and - only'),
);

/** A custom event's parameters: each a name and a list of strings (eSputnik's `Tags`). */
const customEventParams = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9_]{1,50}$/, 'must be 1 to 50 letters, digits and _')),
    v.pipe(
      v.array(
        v.pipe(v.string('must be a string'), v.maxLength(limits.maxShortStringLength * 5, 'must be at most 500 characters')),
        'must be an array of strings',
      ),
      v.maxLength(limits.maxCustomParamValues, 'must hold at most 50 values'),
    ),
    'must be an object of string arrays, such as {"plan": ["pro"]}',
  ),
  v.check((params) => Object.keys(params).length <= limits.maxCustomParams, 'must hold at most 50 parameters'),
);

/**
 * Events the store sends through the same tracker and relay that Retail Rocket
 * never receives: they carry what no Retail Rocket event does (a price on a
 * product page, the whole cart with its id, the whole order, a wishlist, a
 * custom action) for destinations that need it, such as eSputnik. They travel
 * in the same envelope as tracking events (`[{"cart": {…}, "eventId": "…"}]`)
 * and their names never collide with Retail Rocket's methods.
 */
export const storeEventSchemas = {
  /** A product page with the price the shopper sees (Retail Rocket's `view` has none). */
  productView: eventBody({
    ...visitor,
    productId: catalogId,
    price,
    currency: v.optional(currency),
    isInStock: v.optional(v.boolean('must be true or false')),
  }),
  /** The whole cart after any change; an empty `items` is an emptied cart. */
  cart: eventBody({
    ...visitor,
    cartId,
    items: v.pipe(v.array(cartItem, 'must be an array of cart items'), v.maxLength(limits.maxProductIds, 'must hold at most 200 items')),
    currency: v.optional(currency),
  }),
  /** A placed order with all its lines (Retail Rocket gets one `order` per line instead). */
  orderPlaced: eventBody({
    ...visitor,
    transaction,
    items: v.pipe(
      v.array(lineItem, 'must be an array of order lines'),
      v.minLength(1, 'must hold at least one line'),
      v.maxLength(limits.maxProductIds, 'must hold at most 200 lines'),
    ),
    cartId: v.optional(cartId),
  }),
  /** A product added to the shopper's wishlist (favourites). */
  addToWishlist: eventBody({
    ...visitor,
    productId: catalogId,
    price,
    currency: v.optional(currency),
    isInStock: v.optional(v.boolean('must be true or false')),
  }),
  /** An action of the store's own naming, with optional parameters. */
  customEvent: eventBody({
    ...visitor,
    name: customEventName,
    params: v.optional(customEventParams),
  }),
} as const;

/** The name of a store event, which is also its envelope key. */
export type StoreMethod = keyof typeof storeEventSchemas;

/** Every store event method. */
export const storeMethods = Object.keys(storeEventSchemas) as StoreMethod[];

/** The body of one store event, as the relay keeps it. */
export type StoreEventBody<M extends StoreMethod = StoreMethod> = v.InferOutput<(typeof storeEventSchemas)[M]>;

/** One store event in its envelope, e.g. `{"cart": {…}}`. */
export type StoreEventEnvelope = { [M in StoreMethod]: { [K in M]: StoreEventBody<K> } }[StoreMethod];

/** Tells whether a string names a store event (one that Retail Rocket never receives). */
export function isStoreMethod(name: string): name is StoreMethod {
  return Object.hasOwn(storeEventSchemas, name);
}
