import type { Destination } from '../destinations/destination.ts';
import { destinations } from '../destinations/index.ts';
import { logEvent } from '../log.ts';
import { pendingRow, type PendingColumns, type PendingRow } from './pending-row.ts';
import { possibleDuplicate, type PossibleDuplicate } from './possible-duplicates.ts';
import type { ShardTables } from './shard-tables.ts';

/** Counts, logs and keeps one call whose events go again although the destination may hold them. */
export function notePossibleDuplicate(
  tables: ShardTables,
  destination: Destination,
  partnerId: string,
  cause: PossibleDuplicate['cause'],
  sentAt: number,
  rows: readonly PendingRow[],
  now: number,
): void {
  const entry = possibleDuplicate({ at: now, destination: destination.name, partnerId, cause, inFlightSince: sentAt, refusedUpstream: destination.refusesRepeats }, rows);
  tables.possibleDuplicates.record(entry);
  tables.counters.add(`${destination.name}:${partnerId}:possibly_duplicated`, entry.events);
  const summary = { at: now, destination: destination.name, partnerId, cause, events: entry.events, orders: entry.orderTransactions.length, inFlightSince: sentAt, refusedUpstream: entry.refusedUpstream };
  tables.activity.record({ kind: 'possibly_duplicated', ...summary });
  logEvent('warn', 'possibly_duplicated', summary);
}

/**
 * Finds the calls an earlier instance of the shard left under way, whose
 * answers it never wrote: their events are still pending and will be sent
 * again, so each such call is counted, logged and kept as possibly
 * duplicated (cause `restart`). Call it once as the shard starts, before it
 * sends anything, inside a transaction.
 */
export function noteUnsettledCalls(tables: ShardTables, now: number): void {
  for (const call of tables.inFlightCalls.takeUnsettled()) {
    const destination = destinations.find((candidate) => candidate.name === call.destination);
    const rows = tables.sql
      .exec<PendingColumns>('SELECT id, visitor, event, accepted_at FROM pending WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id', JSON.stringify(call.rowIds))
      .toArray()
      .map(pendingRow);
    if (destination && rows.length > 0) notePossibleDuplicate(tables, destination, call.partnerId, 'restart', call.sentAt, rows, now);
  }
}
