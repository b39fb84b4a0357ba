import * as v from 'valibot';
import { clip } from './clip.ts';
import { limits } from './limits.ts';
import { isStoreMethod, storeEventSchemas, type StoreEventBody, type StoreEventEnvelope, type StoreMethod } from './store-events.ts';
import { isTrackingMethod, trackingEventSchemas, type TrackingEventBody, type TrackingMethod } from './tracking-events.ts';

/**
 * One element of a `visitorEvents` array: an object with a single key naming
 * the method, e.g. `{"view": {…}}`.
 */
export type VisitorEventEnvelope = { [M in TrackingMethod]: { [K in M]: TrackingEventBody<K> } }[TrackingMethod];

/**
 * What the tracker sends to the relay: a `visitorEvents` envelope (or a store
 * event's envelope) that may also carry `eventId`, the tracker's unique id of
 * the event, by which the relay drops duplicates of a retried send. The relay
 * strips it before forwarding.
 */
export type TrackedEventEnvelope = (VisitorEventEnvelope | StoreEventEnvelope) & { eventId?: string };

/** Any method the relay accepts: one of Retail Rocket's 12, or a store event. */
export type EventMethod = TrackingMethod | StoreMethod;

/** The body of a tracking method or of a store event. */
export type EventBody<M extends EventMethod = EventMethod> = M extends TrackingMethod
  ? TrackingEventBody<M>
  : M extends StoreMethod
    ? StoreEventBody<M>
    : never;

/**
 * Tells whether Retail Rocket receives events of this method: true for its 12
 * tracking methods, false for store events and anything else. A Retail Rocket
 * destination's `accepts` must use this, so store events never reach it.
 */
export function isRetailRocketMethod(method: string): method is TrackingMethod {
  return isTrackingMethod(method);
}

/** An event that passed validation, in the relay's internal form. */
export interface VisitorEvent<M extends EventMethod = EventMethod> {
  method: M;
  body: EventBody<M>;
  /** The tracker's id of the event, when it sent one. */
  eventId?: string;
}

/** Why one event was refused: where it is in the request, which field, and why. */
export interface EventRejection {
  /** Position in the request's array (0 for a single-event request). */
  index: number;
  /** Dotted path of the offending field, e.g. `view.productId`; empty for the whole event. */
  path: string;
  /** A sentence a developer can act on. */
  reason: string;
}

/** The outcome of validating one event. */
export type EventCheck =
  | { ok: true; event: VisitorEvent }
  | { ok: false; rejection: EventRejection };

/** The tracker's event id: nanoid-style, letters, digits, `_` and `-`. */
const eventIdSchema = v.pipe(
  v.string('must be a string'),
  v.minLength(8, 'must be at least 8 characters'),
  v.maxLength(limits.maxEventIdLength, 'must be at most 36 characters'),
  v.regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ and - only'),
);

function firstIssue(index: number, method: string, issues: readonly v.BaseIssue<unknown>[]): EventRejection {
  const issue = issues[0]!;
  // Unknown keys are the client's own names, of any length: each is clipped, and so is the whole path.
  const keys = (issue.path ?? []).map((item) => clip(String(item.key), limits.maxEchoedNameLength));
  const path = clip([method, ...keys].join('.'), limits.maxRejectionPathLength);
  // A strict object reports an unknown key as expecting `never` at that key.
  if (issue.expected === 'never') return { index, path, reason: 'is not a field of this event' };
  if (issue.received === 'undefined' && keys.length > 0) return { index, path, reason: 'is required' };
  return { index, path, reason: issue.message };
}

/**
 * Validates one tracking event body for a known method.
 * `index` is only used to place a rejection within its request.
 */
export function checkTrackingEvent(method: TrackingMethod, body: unknown, index = 0, eventId?: string): EventCheck {
  const result = v.safeParse(trackingEventSchemas[method], body);
  if (!result.success) return { ok: false, rejection: firstIssue(index, method, result.issues) };
  const event: VisitorEvent = { method, body: result.output };
  if (eventId !== undefined) event.eventId = eventId;
  return { ok: true, event };
}

/**
 * Validates one store event body for a known store method.
 * `index` is only used to place a rejection within its request.
 */
export function checkStoreEvent(method: StoreMethod, body: unknown, index = 0, eventId?: string): EventCheck {
  const result = v.safeParse(storeEventSchemas[method], body);
  if (!result.success) return { ok: false, rejection: firstIssue(index, method, result.issues) };
  const event: VisitorEvent = { method, body: result.output };
  if (eventId !== undefined) event.eventId = eventId;
  return { ok: true, event };
}

/**
 * Validates one element of a `visitorEvents` array (or of the tracker's batch):
 * exactly one method key (a tracking method or a store event), an optional
 * `eventId`, and a valid body.
 */
export function checkVisitorEvent(envelope: unknown, index: number): EventCheck {
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    return { ok: false, rejection: { index, path: '', reason: 'must be an object with one key naming the method, such as {"view": {…}}' } };
  }
  let eventId: string | undefined;
  const methods: string[] = [];
  for (const key of Object.keys(envelope)) {
    if (key === 'eventId') continue;
    methods.push(key);
  }
  if ('eventId' in envelope) {
    const id = v.safeParse(eventIdSchema, (envelope as { eventId: unknown }).eventId);
    if (!id.success) return { ok: false, rejection: { index, path: 'eventId', reason: id.issues[0].message } };
    eventId = id.output;
  }
  if (methods.length !== 1) {
    return {
      ok: false,
      rejection: { index, path: '', reason: `must have exactly one method key, found ${methods.length}${methods.length ? ` (${methods.slice(0, 3).map((name) => clip(name, limits.maxEchoedNameLength)).join(', ')})` : ''}` },
    };
  }
  const method = methods[0]!;
  const body = (envelope as Record<string, unknown>)[method];
  if (isTrackingMethod(method)) return checkTrackingEvent(method, body, index, eventId);
  if (isStoreMethod(method)) return checkStoreEvent(method, body, index, eventId);
  return { ok: false, rejection: { index, path: clip(method, limits.maxEchoedNameLength), reason: 'is not a tracking method' } };
}

/**
 * Turns a validated event back into its envelope, without the tracker's id:
 * a `visitorEvents` envelope for a tracking method, a store event's envelope
 * otherwise (which only destinations other than Retail Rocket receive).
 */
export function toEnvelope(event: VisitorEvent<TrackingMethod>): VisitorEventEnvelope;
export function toEnvelope(event: VisitorEvent): VisitorEventEnvelope | StoreEventEnvelope;
export function toEnvelope(event: VisitorEvent): VisitorEventEnvelope | StoreEventEnvelope {
  return { [event.method]: event.body } as VisitorEventEnvelope | StoreEventEnvelope;
}
