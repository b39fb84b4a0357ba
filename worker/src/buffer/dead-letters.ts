import type { VisitorEvent } from '@rrelay/protocol';
import { logEvent } from '../log.ts';
import { redact } from '../redact.ts';
import type { ActivityLog } from './activity-log.ts';
import type { Counters } from './counters.ts';
import type { PendingRow } from './pending-row.ts';

/** Dead letters are kept this long for inspection. */
export const deadLetterKeepMs = 7 * 24 * 3_600_000;

const schema = `
CREATE TABLE IF NOT EXISTS dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  destination TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  event TEXT NOT NULL,
  status INTEGER NOT NULL,
  reason TEXT NOT NULL,
  accepted_at INTEGER NOT NULL,
  at INTEGER NOT NULL
);
`;

/**
 * The events a shard gave up on, with the destination's status and reason (a
 * 400 on their own, or past the retention): kept {@link deadLetterKeepMs} for
 * the operator, counted, and written to the activity log and the logs.
 */
export class DeadLetters {
  readonly #sql: SqlStorage;
  readonly #counters: Counters;
  readonly #activity: ActivityLog;

  constructor(sql: SqlStorage, counters: Counters, activity: ActivityLog) {
    this.#sql = sql;
    this.#counters = counters;
    this.#activity = activity;
    sql.exec(schema);
  }

  /** Keeps one event given up for `destination`, with why (`status` 0: past the retention). */
  add(destination: string, partnerId: string, row: PendingRow, status: number, reason: string, now: number): void {
    const clean = redact(reason).slice(0, 500);
    this.#sql.exec(
      'INSERT INTO dead_letters (destination, partner_id, event, status, reason, accepted_at, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      destination,
      partnerId,
      row.event,
      status,
      clean,
      row.acceptedAt,
      now,
    );
    this.#counters.add(`${destination}:${partnerId}:dead_lettered`, 1);
    const event = JSON.parse(row.event) as VisitorEvent;
    const entry = { at: now, destination, partnerId, visitor: row.visitor, method: event.method, ...(event.eventId ? { eventId: event.eventId } : {}), status, reason: clean };
    this.#activity.record({ kind: 'dead_letter', ...entry });
    logEvent('error', 'dead_letter', entry);
  }

  /** Forgets dead letters older than {@link deadLetterKeepMs}. */
  forgetOld(now: number): void {
    this.#sql.exec('DELETE FROM dead_letters WHERE at < ?', now - deadLetterKeepMs);
  }
}
