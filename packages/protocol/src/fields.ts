import * as v from 'valibot';
import { limits } from './limits.ts';

const lettersAndDigits = /^[A-Za-z0-9]+$/;

/** A product, group or category id: a positive integer no greater than 2^53 − 1. */
export const catalogId = v.pipe(
  v.number('must be a number'),
  v.integer('must be an integer'),
  v.minValue(1, 'must be positive'),
  v.maxValue(limits.maxId, 'must be at most 9007199254740991'),
);

/** A visitor id: letters and digits only, 1 to 50 characters, no personal data. */
export const sessionExternalId = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(limits.maxExternalIdLength, 'must be at most 50 characters'),
  v.regex(lettersAndDigits, 'must be letters and digits only'),
);

/** The store's own id of a contact: letters and digits only, 1 to 50 characters. */
export const contactExternalId = sessionExternalId;

/**
 * ISO 8601 date and time with a UTC offset or `Z`, such as
 * `2018-09-15T15:53:00+00:00`, as Retail Rocket's examples send it.
 */
export const timestamp = v.pipe(
  v.string('must be a string'),
  v.isoTimestamp('must be an ISO 8601 date and time with an offset, such as 2018-09-15T15:53:00+00:00'),
);

/** A regional stock id, as in the product feed's `<stock id="…">`. */
export const stockId = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(limits.maxShortStringLength, 'must be at most 100 characters'),
);

/** A recommendation block's id: any string of 1 to 50 characters. */
export const recomBlockId = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(limits.maxRecomBlockIdLength, 'must be at most 50 characters'),
);

/** A sponsored content id, as the Sponsored Products API returned it. */
export const impressionContentId = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(limits.maxShortStringLength, 'must be at most 100 characters'),
);

/** A non-empty list of catalog ids, as `groupView` and product-group placements take. */
export const productIds = v.pipe(
  v.array(catalogId, 'must be an array of product ids'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(limits.maxProductIds, 'must hold at most 200 ids'),
);
