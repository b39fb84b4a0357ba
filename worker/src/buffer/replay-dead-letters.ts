import type { ActivityEntry } from './activity-entry.ts';
import type { DeadLetterFilter, DeadLetterRow } from './dead-letters.ts';
import { enqueue, type PendingInsert } from './pending-queue.ts';
import type { ShardTables } from './shard-tables.ts';

/** The most dead letters one replay or drop takes from a shard; the answer says whether more match. */
export const deadLettersPerCall = 1000;

/** What a shard did with the dead letters an operator replayed. */
export interface ReplayResult {
  /** Queued again for their destination, behind what its queue holds. */
  replayed: number;
  /** Accepted again since they were dead-lettered (a resend after the dedupe window): not sent twice, forgotten. */
  alreadyAccepted: number;
  /** For a destination that is off now, or no longer serves the partner: left as they are. */
  notServed: number;
  /** Whether more dead letters match than this call took. */
  more: boolean;
  /** Set when the shard holds as many pending events as it may (`MAX_PENDING_PER_SHARD`): nothing was replayed. */
  full?: true;
}

/** What a shard did with the dead letters an operator dropped. */
export interface DropResult {
  dropped: number;
  more: boolean;
}

/** One queue's share of a replay or drop. */
type QueueShare = { destination: string; partnerId: string; events: number };

/** How many of `rows` each queue (destination and partner) has. */
function perQueue(rows: readonly DeadLetterRow[]): QueueShare[] {
  const shares = new Map<string, QueueShare>();
  for (const row of rows) {
    const key = `${row.destination}:${row.partnerId}`;
    const share = shares.get(key) ?? { destination: row.destination, partnerId: row.partnerId, events: 0 };
    share.events++;
    shares.set(key, share);
  }
  return [...shares.values()];
}

/** Counts each queue's share in its counter `{destination}:{partner}:{kind}` and an activity entry of `kind`. */
function note(tables: ShardTables, kind: 'replayed' | 'dropped', shares: readonly QueueShare[], now: number): void {
  tables.counters.addAll(Object.fromEntries(shares.map((share) => [`${share.destination}:${share.partnerId}:${kind}`, share.events])));
  tables.activity.recordAll(shares.map((share): ActivityEntry => ({ kind, at: now, ...share })));
}

/**
 * The rows whose event was accepted again after it was dead-lettered: its id first seen (again) after the
 * dead letter's accept time. One statement per partner, not one per row.
 */
function acceptedAgain(tables: ShardTables, rows: readonly DeadLetterRow[]): Set<DeadLetterRow> {
  const again = new Set<DeadLetterRow>();
  for (const partnerId of new Set(rows.map((row) => row.partnerId))) {
    const ofPartner = rows.filter((row) => row.partnerId === partnerId && row.event.eventId);
    const seenAt = new Map(
      tables.sql
        .exec<{ event_id: string; at: number }>(
          'SELECT event_id, at FROM seen_events WHERE partner_id = ? AND event_id IN (SELECT value FROM json_each(?))',
          partnerId,
          JSON.stringify(ofPartner.map((row) => row.event.eventId)),
        )
        .toArray()
        .map((seen) => [seen.event_id, seen.at]),
    );
    for (const row of ofPartner) if ((seenAt.get(row.event.eventId!) ?? 0) > row.acceptedAt) again.add(row);
  }
  return again;
}

/**
 * Sends dead letters back through the normal path, inside the caller's transaction: the oldest
 * {@link deadLettersPerCall} matching `filter` whose destination `serves` their partner are queued again
 * for that destination (behind what the queue holds, so the rate cap, per-visitor order and batching apply
 * as to any event) and forgotten as dead letters, all or none. The dedupe window keeps a replay from
 * sending an event twice: a dead letter is taken once (a second replay finds nothing), and one whose event
 * the relay accepted again since (a resend after the window had forgotten it) was sent that way and is
 * only forgotten.
 */
export function replayDeadLetters(
  tables: ShardTables,
  filter: DeadLetterFilter,
  serves: (destination: string, partnerId: string) => boolean,
  now: number,
): ReplayResult {
  const matching = tables.deadLetters.oldest(filter, deadLettersPerCall + 1);
  const more = matching.length > deadLettersPerCall;
  const taken = matching.slice(0, deadLettersPerCall);
  const served = taken.filter((row) => serves(row.destination, row.partnerId));
  const again = acceptedAgain(tables, served);
  const replayed = served.filter((row) => !again.has(row));
  if (!tables.bounds.hasRoomFor(replayed.length, now)) return { replayed: 0, alreadyAccepted: 0, notServed: 0, more: true, full: true };
  const rows = replayed.map((row): PendingInsert => [row.destination, row.partnerId, row.event.body.sessionExternalId, JSON.stringify(row.event), now]);
  enqueue(tables.sql, rows);
  tables.bounds.inserted(rows.length);
  tables.deadLetters.remove(served.map((row) => row.id));
  const shares = perQueue(replayed);
  note(tables, 'replayed', shares, now);
  for (const { destination, partnerId } of shares) tables.queues.ensure(destination, partnerId);
  return { replayed: replayed.length, alreadyAccepted: again.size, notServed: taken.length - served.length, more };
}

/** Forgets the oldest {@link deadLettersPerCall} dead letters matching `filter`, counting them per queue. */
export function dropDeadLetters(tables: ShardTables, filter: DeadLetterFilter, now: number): DropResult {
  const matching = tables.deadLetters.oldest(filter, deadLettersPerCall + 1);
  const dropped = matching.slice(0, deadLettersPerCall);
  tables.deadLetters.remove(dropped.map((row) => row.id));
  note(tables, 'dropped', perQueue(dropped), now);
  return { dropped: dropped.length, more: matching.length > deadLettersPerCall };
}
