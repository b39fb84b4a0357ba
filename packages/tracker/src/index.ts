/**
 * @rrelay/tracker: captures shopper events and beacons them to an rrelay relay.
 */
export { createTracker, localTimestamp, type Tracker, type TrackerOptions } from './create-tracker.ts';
