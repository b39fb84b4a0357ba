import type { StoreEventBody, StoreMethod } from './store-events.ts';
import type { TrackingEventBody, TrackingMethod } from './tracking-events.ts';

const at = '2018-09-15T15:53:00+00:00';
const visitor = { sessionExternalId: '60842392e4881c65e6c5e423', timestamp: at };

/** One valid body per tracking method, from Retail Rocket's own examples; for tests. */
export const validBodies = {
  view: { ...visitor, productId: 123456, stockId: 'NewYork' },
  groupView: { ...visitor, groupId: 654321, productIds: [123456, 234567, 345678], stockId: 'NewYork' },
  addToBasket: { ...visitor, productId: 234567, stockId: 'NewYork' },
  categoryView: { ...visitor, categoryId: 123456 },
  order: { ...visitor, productId: 234567, stockId: 'NewYork', quantity: 3, price: 1321.43, transaction: '135243' },
  search: { ...visitor, searchPhrase: 'подгузник для новорожденных', stockId: 'NewYork' },
  setContact: { ...visitor, contactExternalId: '2342dfgf253454c645346wer3', stockId: 'NewYork', email: 'example@email.com' },
  recomBlockViewed: { ...visitor, recomBlockId: '568da4f6-7952-49b1-afd3-9ac44d6e78c7' },
  recomTap: { ...visitor, productId: 123456, stockId: 'NewYork', recomBlockId: '5994d90bc7d0114fa0a26122' },
  recomAddToBasket: { ...visitor, productId: 123456, stockId: 'NewYork', recomBlockId: '5994d90bc7d0114fa0a26122' },
  impressionContentViewed: { ...visitor, impressionContentId: '568da4f6-7952-49b1-afd3-9ac44d6e78c7' },
  impressionContentClicked: { ...visitor, impressionContentId: '568da4f6-7952-49b1-afd3-9ac44d6e78c7' },
} satisfies { [M in TrackingMethod]: TrackingEventBody<M> };

/** One valid body per store event (events Retail Rocket never receives); for tests. */
export const validStoreBodies = {
  productView: { ...visitor, productId: 123456, price: 754, currency: 'USD', isInStock: true },
  cart: {
    ...visitor,
    cartId: '6F9619FF-8B86-D011-B42D-00CF4FC964FF',
    items: [
      { productId: 430738, quantity: 1, price: 201.95, discount: 180 },
      { productId: 902339, quantity: 2, price: 596 },
    ],
    currency: 'USD',
  },
  orderPlaced: {
    ...visitor,
    transaction: '123/2017',
    items: [
      { productId: 430738, quantity: 1, price: 201.95 },
      { productId: 211452, quantity: 2, price: 341.8 },
    ],
    cartId: '6F9619FF-8B86-D011-B42D-00CF4FC964FF',
  },
  addToWishlist: { ...visitor, productId: 72354, price: 754, isInStock: false },
  customEvent: { ...visitor, name: 'newsletter_signup', params: { plan: ['pro'], topics: ['shoes', 'bags'] } },
} satisfies { [M in StoreMethod]: StoreEventBody<M> };

/**
 * A body with its `timestamp` set to now (`±00:00`), for tests that send the
 * examples to a live relay: it takes events at most 14 days old, and the
 * examples are from 2018.
 */
export function atNow<T extends { timestamp?: string }>(body: T): T {
  return { ...body, timestamp: new Date().toISOString().replace('Z', '+00:00') };
}

/** {@link validBodies}, each with its `timestamp` set to now (see {@link atNow}). */
export function validBodiesAtNow(): typeof validBodies {
  return Object.fromEntries(Object.entries(validBodies).map(([method, body]) => [method, atNow(body)])) as unknown as typeof validBodies;
}
