/**
 * Bounds of the wire format. Retail Rocket documents some of them; the rest are
 * the relay's own, chosen so that one beacon (64 KiB) can never hold a value
 * that would make the upstream reject a whole batch.
 */
export const limits = {
  /** Retail Rocket caps product, group and category ids at 2^53 − 1. */
  maxId: Number.MAX_SAFE_INTEGER,
  /** `sessionExternalId` and `contactExternalId`: letters and digits, at most 50. */
  maxExternalIdLength: 50,
  /** `recomBlockId`: "any string of at most 50 characters". */
  maxRecomBlockIdLength: 50,
  /** Sponsored Products' `session` / `sessionExternalId`: at most 64 characters. */
  maxSponsoredSessionLength: 64,
  /** stockId, transaction, impression content ids. */
  maxShortStringLength: 100,
  /** A search phrase a person could type. */
  maxSearchPhraseLength: 500,
  /** `setContact.customData`. */
  maxCustomDataLength: 2000,
  /** Product ids in one `groupView` or one sponsored product-group request. */
  maxProductIds: 200,
  /** Events in one `visitorEvents` request, to the relay and to the upstream. */
  maxEventsPerRequest: 500,
  /** Tracker-made event ids (used by the relay to drop retried duplicates). */
  maxEventIdLength: 36,
  /** A store event's price: above any real price, below where numbers print in exponent form. */
  maxPrice: 1_000_000_000_000,
  /** Items of one product in one cart or order line. */
  maxQuantity: 1_000_000,
  /** A store's cart id (eSputnik's `GUID`). */
  maxCartIdLength: 64,
  /** A custom event's name. */
  maxCustomEventNameLength: 100,
  /** Parameters of one custom event, and values of one parameter. */
  maxCustomParams: 50,
  maxCustomParamValues: 50,
  /** A field, method or parameter name as a refusal echoes it (an unknown name can be any length). */
  maxEchoedNameLength: 60,
  /** A refusal's whole dotted field path. */
  maxRejectionPathLength: 120,
  /**
   * How old an event's `timestamp` may be when the relay takes it: twice the
   * seven days a tracker keeps resending a copy whose send failed.
   */
  maxEventAgeMs: 14 * 24 * 3_600_000,
  /** How far ahead of the relay's clock an event's `timestamp` may be: a device clock a day wrong still counts. */
  maxEventLeadMs: 24 * 3_600_000,
} as const;
