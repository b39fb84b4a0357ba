import type { EventRejection, VisitorEvent } from '@rrelay/protocol';
import type { Destination } from '../destinations/destination.ts';
import { redact } from '../redact.ts';
import type { ActivityEntry } from './activity-entry.ts';
import { enqueue, type PendingInsert } from './pending-queue.ts';
import { firstSightings } from './seen-events.ts';
import type { ShardTables } from './shard-tables.ts';

/** One request's share of a shard's `accept`: a partner's validated events and the request's rejected ones. */
export interface AcceptRequest {
  partnerId: string;
  events: readonly VisitorEvent[];
  rejections?: readonly EventRejection[];
  /** Events of the request that came from a bot's browser and are only counted, not queued (`BOT_FILTER`). */
  botFiltered?: { events: number; userAgent: string };
}

/** What a shard answers for one {@link AcceptRequest}. */
export interface AcceptResult {
  /** Events now durably held (or already delivered before: duplicates count as accepted). */
  accepted: number;
  /** Of those, events whose id was seen within the dedupe window and were not queued again. */
  duplicates: number;
  /** Set when the shard holds as many pending events as it may (`MAX_PENDING_PER_SHARD`): nothing was taken. */
  full?: true;
}

/**
 * Writes one request's events inside the caller's transaction: drops those
 * whose `eventId` was seen within the dedupe window (a second copy in the same
 * request too), queues the rest for every destination in `active` that takes
 * them, and records the accepted, duplicate and rejected events in the
 * activity log and the counters (and, for a bot's request, only counts its
 * events); a statement per table, not per event.
 * `queued(destination, events)` is told how many each destination got.
 */
export function storeAccepted(
  tables: ShardTables,
  { partnerId, events, rejections = [], botFiltered }: AcceptRequest,
  active: readonly Destination[],
  now: number,
  queued: (destination: string, events: number) => void,
): AcceptResult {
  const { sql, activity, counters, queues, bounds } = tables;
  if (!bounds.hasRoomFor(events.length * active.length, now)) return { accepted: 0, duplicates: 0, full: true };
  const firstSeen = firstSightings(sql, partnerId, events, now);
  const rows: PendingInsert[] = [];
  const entries: ActivityEntry[] = [];
  const perDestination = new Map<string, number>();
  let duplicates = 0;
  for (const event of events) {
    const entry = { partnerId, visitor: event.body.sessionExternalId, method: event.method, ...(event.eventId ? { eventId: event.eventId } : {}) };
    if (event.eventId && !firstSeen.delete(event.eventId)) {
      duplicates++;
      entries.push({ kind: 'duplicate', at: now, ...entry });
      continue;
    }
    const stored = JSON.stringify(event);
    for (const destination of active) {
      if (!destination.accepts(event)) continue;
      rows.push([destination.name, partnerId, entry.visitor, stored, now]);
      perDestination.set(destination.name, (perDestination.get(destination.name) ?? 0) + 1);
    }
    entries.push({ kind: 'accepted', at: now, ...entry });
  }
  enqueue(sql, rows);
  bounds.inserted(rows.length);
  for (const [destination, count] of perDestination) {
    queues.ensure(destination, partnerId);
    queued(destination, count);
  }
  for (const rejection of rejections) entries.push({ kind: 'rejected', at: now, partnerId, ...rejection, reason: redact(rejection.reason).slice(0, 300) });
  if (botFiltered) entries.push({ kind: 'bot', at: now, partnerId, events: botFiltered.events, userAgent: redact(botFiltered.userAgent).slice(0, 200) });
  activity.recordAll(entries);
  counters.addAll({ accepted: events.length, duplicates, rejected: rejections.length, bot_filtered: botFiltered?.events ?? 0 });
  tables.metrics.ingest(partnerId, { accepted: events.length, duplicates, rejected: rejections.length, botFiltered: botFiltered?.events ?? 0 });
  return { accepted: events.length, duplicates };
}
