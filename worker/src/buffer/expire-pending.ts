import type { BufferSettings } from '../config.ts';
import { pendingRow, type PendingColumns } from './pending-row.ts';
import type { ShardTables } from './shard-tables.ts';

const hours = (ms: number) => ms / 3_600_000;

/**
 * Dead-letters pending events older than the retention (`RETENTION_HOURS`;
 * `HELD_RETENTION_HOURS` for those held while their destination refuses the
 * key, which a person must fix), skipping those in flight; then forgets event
 * ids past the dedupe window (and past the bound) and old dead letters. Call
 * it inside a transaction.
 */
export function expirePending(tables: ShardTables, settings: BufferSettings, inFlight: ReadonlySet<number>, now: number): void {
  const { retentionMs, heldRetentionMs } = settings;
  const expired = tables.sql
    .exec<PendingColumns & { destination: string; partner_id: string; held: number }>(
      `SELECT id, destination, partner_id, visitor, event, accepted_at, held FROM (
         SELECT pending.*, EXISTS (SELECT 1 FROM queues WHERE queues.destination = pending.destination
                                   AND queues.partner_id = pending.partner_id AND queues.state = 'unauthorized') AS held
         FROM pending WHERE accepted_at < ?)
       WHERE accepted_at < (CASE WHEN held THEN ? ELSE ? END)
       ORDER BY accepted_at LIMIT 5000`,
      now - Math.min(retentionMs, heldRetentionMs),
      now - heldRetentionMs,
      now - retentionMs,
    )
    .toArray()
    .filter((row) => !inFlight.has(row.id));
  for (const row of expired) {
    tables.sql.exec('DELETE FROM pending WHERE id = ?', row.id);
    const reason = row.held
      ? `held for a refused key longer than ${hours(heldRetentionMs)} h (HELD_RETENTION_HOURS)`
      : `not delivered within the retention of ${hours(retentionMs)} h`;
    tables.deadLetters.add(row.destination, row.partner_id, pendingRow(row), 0, reason, now);
  }
  tables.sql.exec('DELETE FROM seen_events WHERE at < ?', now - settings.dedupeMs);
  tables.bounds.trimSeenEvents();
  tables.deadLetters.forgetOld(now);
}
