/**
 * Retail Rocket's 12 tracking methods, in the order of its document; each name is also the method's
 * API path and its `visitorEvents` envelope key. The one list of them: the relay's schemas
 * (`trackingEventSchemas`) must have exactly these keys, which the compiler checks, and the tracker
 * imports it from `@rrelay/protocol/tracking-methods`, a module without valibot.
 */
export const trackingMethods = [
  'view',
  'groupView',
  'addToBasket',
  'categoryView',
  'order',
  'search',
  'setContact',
  'recomBlockViewed',
  'recomTap',
  'recomAddToBasket',
  'impressionContentViewed',
  'impressionContentClicked',
] as const;

/** The name of a tracking method, which is also its path and its `visitorEvents` envelope key. */
export type TrackingMethod = (typeof trackingMethods)[number];
