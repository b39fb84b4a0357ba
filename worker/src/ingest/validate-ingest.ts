import {
  checkTrackingEvent,
  checkVisitorEvent,
  limits,
  type EventCheck,
  type EventRejection,
  type TrackingMethod,
  type VisitorEvent,
} from '@rrelay/protocol';

/** The events of one ingest request that passed, and why the others did not. */
export interface IngestValidation {
  accepted: VisitorEvent[];
  /** Each accepted event's position in the request, parallel to `accepted`. */
  indexes: number[];
  rejected: EventRejection[];
  /** Set when the request as a whole is unusable (not an array, too many events). */
  requestError?: { status: number; reason: string };
}

/** The relay's own time, for events sent without a timestamp. */
export function relayTimestamp(now = Date.now()): string {
  return new Date(now).toISOString().replace('Z', '+00:00');
}

function withTimestamp(body: unknown, now: string): unknown {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && !('timestamp' in body)) {
    return { ...body, timestamp: now };
  }
  return body;
}

/**
 * Refuses a valid event whose timestamp is further in the past or the future
 * than the relay takes (`limits.maxEventAgeMs`, `limits.maxEventLeadMs`).
 */
function checkEventTime(check: EventCheck, index: number, nowMs: number): EventCheck {
  if (!check.ok) return check;
  const at = Date.parse(check.event.body.timestamp);
  const path = `${check.event.method}.timestamp`;
  if (at < nowMs - limits.maxEventAgeMs) return { ok: false, rejection: { index, path, reason: `is more than ${limits.maxEventAgeMs / 86_400_000} days old` } };
  if (at > nowMs + limits.maxEventLeadMs) return { ok: false, rejection: { index, path, reason: `is more than ${limits.maxEventLeadMs / 3_600_000} h ahead of the relay's clock` } };
  return check;
}

/**
 * Validates the body of `POST /1.0/{method}` (one event) or
 * `POST /1.0/visitorEvents` (an array of envelopes). Every valid event is kept
 * even when a neighbour is not; a missing timestamp becomes the relay's time.
 */
export function validateIngest(method: TrackingMethod | 'visitorEvents', body: unknown, now = relayTimestamp()): IngestValidation {
  const accepted: VisitorEvent[] = [];
  const indexes: number[] = [];
  const rejected: EventRejection[] = [];
  const nowMs = Date.parse(now);
  if (method !== 'visitorEvents') {
    const check = checkEventTime(checkTrackingEvent(method, withTimestamp(body, now)), 0, nowMs);
    if (check.ok) accepted.push(check.event), indexes.push(0);
    else rejected.push(check.rejection);
    return { accepted, indexes, rejected };
  }
  if (!Array.isArray(body)) {
    return { accepted, indexes, rejected, requestError: { status: 400, reason: 'visitorEvents body must be a JSON array of events such as [{"view": {…}}]' } };
  }
  if (body.length === 0) {
    return { accepted, indexes, rejected, requestError: { status: 400, reason: 'visitorEvents body must hold at least one event' } };
  }
  if (body.length > limits.maxEventsPerRequest) {
    return {
      accepted,
      indexes,
      rejected,
      requestError: { status: 413, reason: `visitorEvents body holds ${body.length} events; at most ${limits.maxEventsPerRequest} are accepted per request` },
    };
  }
  body.forEach((envelope: unknown, index) => {
    let filled = envelope;
    if (typeof envelope === 'object' && envelope !== null && !Array.isArray(envelope)) {
      filled = Object.fromEntries(
        Object.entries(envelope).map(([key, value]) => [key, key === 'eventId' ? value : withTimestamp(value, now)]),
      );
    }
    const check = checkEventTime(checkVisitorEvent(filled, index), index, nowMs);
    if (check.ok) accepted.push(check.event), indexes.push(index);
    else rejected.push(check.rejection);
  });
  return { accepted, indexes, rejected };
}
