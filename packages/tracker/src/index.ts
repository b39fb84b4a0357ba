/**
 * @rrelay/tracker: captures shopper events and sends them to an rrelay relay,
 * which forwards them to Retail Rocket. Import only what you use: `autoTrack`
 * and `impression` are separate, so a bundle with `createTracker` alone stays small.
 */
export { createTracker, type Consent, type EventFields, type OrderItem, type Tracker, type TrackerOptions } from './create-tracker.ts';
export { autoTrack } from './auto-track.ts';
export { impression, type ImpressionRequest } from './impression.ts';
export { storeEvents, storeEventFields, type CartItem, type StoreTracker } from './store-events.ts';
export { localTimestamp } from './local-timestamp.ts';
export type { Impression, PlacementKind, StoreMethod, TrackingMethod } from '@rrelay/protocol';
