import type { VisitorEvent } from '@rrelay/protocol';
import { insertRows } from './insert-rows.ts';

/**
 * Remembers the event ids of `events` for the dedupe window and answers those
 * seen here for the first time (`seen_events`, one statement per chunk,
 * `INSERT OR IGNORE … RETURNING`): an id missing from the answer was accepted
 * before and is a duplicate. Events without an id are not remembered.
 */
export function firstSightings(sql: SqlStorage, partnerId: string, events: readonly VisitorEvent[], now: number): Set<string> {
  const rows = events.flatMap((event) => (event.eventId ? [[partnerId, event.eventId, now]] : []));
  const inserted = insertRows<{ event_id: string }>(sql, 'INSERT OR IGNORE INTO seen_events (partner_id, event_id, at)', rows, 'RETURNING event_id');
  return new Set(inserted.map((row) => row.event_id));
}
