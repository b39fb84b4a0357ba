import * as v from 'valibot';
import {
  catalogId,
  contactExternalId,
  impressionContentId,
  productIds,
  recomBlockId,
  sessionExternalId,
  stockId,
  timestamp,
} from './fields.ts';
import { limits } from './limits.ts';
import type { TrackingMethod } from './tracking-methods.ts';

export { trackingMethods, type TrackingMethod } from './tracking-methods.ts';

/** Fields every tracking event carries. */
const visitor = {
  sessionExternalId,
  timestamp,
};

const optionalStock = { stockId: v.optional(stockId) };

const eventBody = <E extends v.ObjectEntries>(entries: E) => v.strictObject(entries, 'must be an object of the event\'s fields');

/**
 * The body of each of Retail Rocket's 12 tracking methods, keyed by the method's
 * path (`POST /1.0/{method}`). Objects are strict: a misspelt field is an error
 * here rather than a silently ignored value upstream.
 *
 * Corrections to the vendor's documents: `setContact.email` is a string (typed
 * "integer" there), and `impressionContentClicked` has its own body (described
 * with the viewed event's type name there).
 */
export const trackingEventSchemas = {
  view: eventBody({ ...visitor, productId: catalogId, ...optionalStock }),
  groupView: eventBody({ ...visitor, groupId: catalogId, productIds, ...optionalStock }),
  addToBasket: eventBody({ ...visitor, productId: catalogId, ...optionalStock }),
  categoryView: eventBody({ ...visitor, categoryId: catalogId }),
  order: eventBody({
    ...visitor,
    productId: catalogId,
    ...optionalStock,
    price: v.pipe(v.number('must be a number'), v.finite('must be finite'), v.minValue(0, 'must not be negative')),
    quantity: v.pipe(v.number('must be a number'), v.finite('must be finite'), v.gtValue(0, 'must be positive')),
    transaction: v.pipe(
      v.string('must be a string'),
      v.minLength(1, 'must not be empty'),
      v.maxLength(limits.maxShortStringLength, 'must be at most 100 characters'),
    ),
  }),
  search: eventBody({
    ...visitor,
    searchPhrase: v.pipe(
      v.string('must be a string'),
      v.minLength(1, 'must not be empty'),
      v.maxLength(limits.maxSearchPhraseLength, 'must be at most 500 characters'),
    ),
    ...optionalStock,
  }),
  setContact: eventBody({
    ...visitor,
    contactExternalId,
    email: v.optional(v.pipe(v.string('must be a string'), v.maxLength(254, 'must be at most 254 characters'), v.email('must be an email address'))),
    phone: v.optional(v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'), v.maxLength(32, 'must be at most 32 characters'))),
    customData: v.optional(v.pipe(v.string('must be a string'), v.maxLength(limits.maxCustomDataLength, 'must be at most 2000 characters'))),
    ...optionalStock,
  }),
  recomBlockViewed: eventBody({ ...visitor, recomBlockId }),
  recomTap: eventBody({ ...visitor, productId: catalogId, recomBlockId, ...optionalStock }),
  recomAddToBasket: eventBody({ ...visitor, productId: catalogId, recomBlockId, ...optionalStock }),
  impressionContentViewed: eventBody({ ...visitor, impressionContentId }),
  impressionContentClicked: eventBody({ ...visitor, impressionContentId }),
} as const satisfies Record<TrackingMethod, unknown>;

/** The body of one tracking method, as Retail Rocket receives it. */
export type TrackingEventBody<M extends TrackingMethod = TrackingMethod> = v.InferOutput<
  (typeof trackingEventSchemas)[M]
>;

/** Tells whether a string names one of the 12 tracking methods. */
export function isTrackingMethod(name: string): name is TrackingMethod {
  return Object.hasOwn(trackingEventSchemas, name);
}
