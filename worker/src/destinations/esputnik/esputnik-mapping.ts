import type {
  EsputnikEvent,
  EsputnikGeneralInfo,
  EventMethod,
  StoreEventBody,
  TrackingEventBody,
  VisitorEvent,
} from '@rrelay/protocol';

/**
 * Pure mapping from rrelay's events to eSputnik's (Reteno's) REST tracker
 * events, one function per event kind. Nothing is invented: a field the store
 * did not give is left out. Events with no mapping here (`view` has no price,
 * which `ProductPage` requires; `addToBasket` is not a whole cart; per-line
 * `order`s are one `orderPlaced`; recommendation and sponsored views carry no
 * product ids) are not sent to eSputnik at all. The table is in the
 * README, section "A second destination: eSputnik".
 */

/** What every event of one visitor carries. */
type Visitor = { sessionExternalId: string; timestamp: string };

/**
 * `GeneralInfo` for one event: the site, the event's own time in epoch
 * milliseconds, and the visitor's id as the `sc` cookie (rrelay's session id
 * plays the part of eSputnik's own script's cookie).
 */
export function generalInfo<N extends string>(eventName: N, siteId: string, visitor: Visitor): EsputnikGeneralInfo & { eventName: N } {
  return { eventName, siteId, datetime: Date.parse(visitor.timestamp), cookies: { sc: visitor.sessionExternalId } };
}

/** A price as eSputnik's product pages take it: `"754"`, or `"754 USD"` when the store named the currency. */
export function priceText(price: number, currency?: string): string {
  return currency === undefined ? String(price) : `${price} ${currency}`;
}

const stock = (isInStock: boolean | undefined) => (isInStock === undefined ? {} : { isInStock: isInStock ? '1' : '0' } as const);

/** `productView` → `ProductPage`. */
export function productPage(siteId: string, body: StoreEventBody<'productView'>): EsputnikEvent<'ProductPage'> {
  return {
    GeneralInfo: generalInfo('ProductPage', siteId, body),
    ProductPage: { Product: { productKey: String(body.productId), price: priceText(body.price, body.currency), ...stock(body.isInStock) } },
  };
}

/** `categoryView` → `CategoryPage`. */
export function categoryPage(siteId: string, body: TrackingEventBody<'categoryView'>): EsputnikEvent<'CategoryPage'> {
  return { GeneralInfo: generalInfo('CategoryPage', siteId, body), CategoryPage: { Category: { categoryKey: String(body.categoryId) } } };
}

/** `search` → `SearchRequest`. */
export function searchRequest(siteId: string, body: TrackingEventBody<'search'>): EsputnikEvent<'SearchRequest'> {
  return { GeneralInfo: generalInfo('SearchRequest', siteId, body), SearchRequest: { search: body.searchPhrase } };
}

/**
 * `setContact` → `CustomerData`: the store's contact id as `externalCustomerId`,
 * with the email and phone when given. `customData` is Retail Rocket's own and
 * is not sent.
 */
export function customerData(siteId: string, body: TrackingEventBody<'setContact'>): EsputnikEvent<'CustomerData'> {
  return {
    GeneralInfo: {
      ...generalInfo('CustomerData', siteId, body),
      externalCustomerId: body.contactExternalId,
      ...(body.email === undefined ? {} : { user_email: body.email }),
      ...(body.phone === undefined ? {} : { user_phone: body.phone }),
    },
  };
}

/** `cart` → `StatusCart`, the whole cart under its `GUID`; an emptied cart sends no products. */
export function statusCart(siteId: string, body: StoreEventBody<'cart'>): EsputnikEvent<'StatusCart'> {
  return {
    GeneralInfo: generalInfo('StatusCart', siteId, body),
    StatusCart: {
      GUID: body.cartId,
      Products: body.items.map((item) => ({
        productKey: String(item.productId),
        price: String(item.price),
        ...(item.discount === undefined ? {} : { discount: String(item.discount) }),
        quantity: item.quantity,
        ...(body.currency === undefined ? {} : { price_currency_code: body.currency }),
      })),
    },
  };
}

/**
 * `orderPlaced` → `PurchasedItems`: one event for the whole order, its number,
 * every line as `Products` (the document's one-click form) and, when the store
 * gave it, the cart's `GUID` that ties it to the last `StatusCart`.
 */
export function purchasedItems(siteId: string, body: StoreEventBody<'orderPlaced'>): EsputnikEvent<'PurchasedItems'> {
  return {
    GeneralInfo: generalInfo('PurchasedItems', siteId, body),
    PurchasedItems: {
      ...(body.cartId === undefined ? {} : { GUID: body.cartId }),
      OrderNumber: body.transaction,
      Products: body.items.map((item) => ({ product_id: String(item.productId), unit_price: String(item.price), quantity: item.quantity })),
    },
  };
}

/** `addToWishlist` → `AddToWishlist`. */
export function addToWishlist(siteId: string, body: StoreEventBody<'addToWishlist'>): EsputnikEvent<'AddToWishlist'> {
  return {
    GeneralInfo: generalInfo('AddToWishlist', siteId, body),
    AddToWishlist: { Product: { productKey: String(body.productId), price: priceText(body.price, body.currency), ...stock(body.isInStock) } },
  };
}

/** `customEvent` → `CustomEvent`, its parameters as `Tags`. */
export function customEvent(siteId: string, body: StoreEventBody<'customEvent'>): EsputnikEvent<'CustomEvent'> {
  return {
    GeneralInfo: generalInfo('CustomEvent', siteId, body),
    CustomEvent: { EventName: body.name, ...(body.params === undefined ? {} : { Tags: body.params }) },
  };
}

type Mapper<M extends EventMethod> = (siteId: string, body: VisitorEvent<M>['body']) => EsputnikEvent;

/** The methods eSputnik receives, each with its mapping. Any other method is not sent. */
export const esputnikMappings: { readonly [M in EventMethod]?: Mapper<M> } = {
  productView: productPage,
  categoryView: categoryPage,
  search: searchRequest,
  setContact: customerData,
  cart: statusCart,
  orderPlaced: purchasedItems,
  addToWishlist,
  customEvent,
};

/** Tells whether eSputnik receives events of this method. */
export function isEsputnikMapped(method: string): boolean {
  return Object.hasOwn(esputnikMappings, method);
}

/** Maps one accepted event to its eSputnik event, or `undefined` when eSputnik does not receive it. */
export function toEsputnikEvent(siteId: string, event: VisitorEvent): EsputnikEvent | undefined {
  const map = esputnikMappings[event.method] as Mapper<EventMethod> | undefined;
  return map?.(siteId, event.body);
}
