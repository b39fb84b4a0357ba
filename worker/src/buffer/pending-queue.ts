import { insertRows } from './insert-rows.ts';
import { pendingRow, type PendingColumns, type PendingRow } from './pending-row.ts';

/** A pending event as picking sees it: everything but the stored event. */
export type QueuedRow = Omit<PendingRow, 'event'>;

/** A pending row to write: destination, partner id, visitor, the stored event (JSON), accept time. */
export type PendingInsert = [destination: string, partnerId: string, visitor: string, event: string, acceptedAt: number];

/** Queues events for delivery: their `pending` rows, in order, in as few statements as the parameter limit allows. */
export function enqueue(sql: SqlStorage, rows: readonly PendingInsert[]): void {
  insertRows(sql, 'INSERT INTO pending (destination, partner_id, visitor, event, accepted_at)', rows);
}

/** How many of a queue's oldest pending rows one pick looks at: bounded, so picking costs the same whatever the backlog. */
export const scanLimit = 2000;

/**
 * The queue's next pending events not in flight, in accept order: ids, visitors and accept times only,
 * what picking needs, read through the `pending_by_queue` index and at most {@link scanLimit} of them
 * (plus the rows in flight, which are skipped).
 */
export function queuedRows(sql: SqlStorage, destination: string, partnerId: string, inFlightIds: ReadonlySet<number>): QueuedRow[] {
  return sql
    .exec<{ id: number; visitor: string; accepted_at: number }>(
      'SELECT id, visitor, accepted_at FROM pending WHERE destination = ? AND partner_id = ? ORDER BY id LIMIT ?',
      destination,
      partnerId,
      scanLimit + inFlightIds.size,
    )
    .toArray()
    .filter((row) => !inFlightIds.has(row.id))
    .map((row) => ({ id: row.id, visitor: row.visitor, acceptedAt: row.accepted_at }));
}

/** The picked rows with their stored events, read only for the batch that goes. */
export function withEvents(sql: SqlStorage, batch: readonly QueuedRow[]): PendingRow[] {
  return sql
    .exec<PendingColumns>('SELECT id, visitor, event, accepted_at FROM pending WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id', JSON.stringify(batch.map((row) => row.id)))
    .toArray()
    .map(pendingRow);
}
