import type { VisitorEvent } from '@rrelay/protocol';
import { logEvent } from '../log.ts';
import { redact } from '../redact.ts';
import type { ActivityLog } from './activity-log.ts';
import type { Counters } from './counters.ts';
import type { PendingRow } from './pending-row.ts';

/** Dead letters are kept this long for inspection and replay. */
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
CREATE INDEX IF NOT EXISTS dead_letters_by_time ON dead_letters (at, id);
`;

/** Which of a shard's dead letters an operator means: every one that matches all the fields given. */
export interface DeadLetterFilter {
  /** Row ids in this shard. */
  ids?: readonly number[];
  destination?: string;
  partnerId?: string;
  status?: number;
  /** Text the reason contains, in any case. */
  reason?: string;
  /** Dead-lettered at or after this time, epoch ms. */
  since?: number;
  /** Dead-lettered before this time, epoch ms. */
  until?: number;
}

/** One stored dead letter, as a shard reads it back. */
export interface DeadLetterRow {
  id: number;
  destination: string;
  partnerId: string;
  /** The event, as the relay accepted it. */
  event: VisitorEvent;
  status: number;
  reason: string;
  acceptedAt: number;
  at: number;
}

type DeadLetterColumns = { id: number; destination: string; partner_id: string; event: string; status: number; reason: string; accepted_at: number; at: number };

const deadLetterRow = (row: DeadLetterColumns): DeadLetterRow => ({
  id: row.id,
  destination: row.destination,
  partnerId: row.partner_id,
  event: JSON.parse(row.event) as VisitorEvent,
  status: row.status,
  reason: row.reason,
  acceptedAt: row.accepted_at,
  at: row.at,
});

/** The `WHERE` clause of a filter and its parameters. */
function whereOf(filter: DeadLetterFilter): [clause: string, params: SqlStorageValue[]] {
  const terms: string[] = [];
  const params: SqlStorageValue[] = [];
  const term = (sql: string, value: SqlStorageValue) => {
    terms.push(sql);
    params.push(value);
  };
  if (filter.ids) term('id IN (SELECT value FROM json_each(?))', JSON.stringify(filter.ids));
  if (filter.destination !== undefined) term('destination = ?', filter.destination);
  if (filter.partnerId !== undefined) term('partner_id = ?', filter.partnerId);
  if (filter.status !== undefined) term('status = ?', filter.status);
  // instr, not LIKE: an operator's % or _ is text to find, not a pattern.
  if (filter.reason !== undefined) term('instr(lower(reason), lower(?)) > 0', filter.reason);
  if (filter.since !== undefined) term('at >= ?', filter.since);
  if (filter.until !== undefined) term('at < ?', filter.until);
  return [terms.length ? `WHERE ${terms.join(' AND ')}` : '', params];
}

/**
 * The events a shard gave up on, with the destination's status and reason (a
 * 400 on their own, or past the retention): kept {@link deadLetterKeepMs} for
 * the operator to list, replay (see `replayDeadLetters`) or drop; counted, and
 * written to the activity log and the logs.
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

  /**
   * The newest dead letters matching `filter`, newest first (by time, then id), at most `limit`;
   * with `before` (`[at, id]`), only those that come after it in that order: the next page.
   */
  list(filter: DeadLetterFilter, limit: number, before?: readonly [at: number, id: number]): DeadLetterRow[] {
    const [where, params] = whereOf(filter);
    const page = before ? `${where ? `${where} AND` : 'WHERE'} (at < ? OR (at = ? AND id < ?))` : where;
    return this.#sql
      .exec<DeadLetterColumns>(`SELECT * FROM dead_letters ${page} ORDER BY at DESC, id DESC LIMIT ?`, ...params, ...(before ? [before[0], before[0], before[1]] : []), limit)
      .toArray()
      .map(deadLetterRow);
  }

  /** The oldest dead letters matching `filter`, oldest first (the order they were accepted in), at most `limit`. */
  oldest(filter: DeadLetterFilter, limit: number): DeadLetterRow[] {
    const [where, params] = whereOf(filter);
    return this.#sql.exec<DeadLetterColumns>(`SELECT * FROM dead_letters ${where} ORDER BY id LIMIT ?`, ...params, limit).toArray().map(deadLetterRow);
  }

  /** Forgets the dead letters with these ids (replayed or dropped). */
  remove(ids: readonly number[]): void {
    this.#sql.exec('DELETE FROM dead_letters WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(ids));
  }

  /** How many dead letters the shard keeps now for one queue. */
  stored(destination: string, partnerId: string): number {
    return this.#sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM dead_letters WHERE destination = ? AND partner_id = ?', destination, partnerId).one().n;
  }

  /** Forgets dead letters older than {@link deadLetterKeepMs}. */
  forgetOld(now: number): void {
    this.#sql.exec('DELETE FROM dead_letters WHERE at < ?', now - deadLetterKeepMs);
  }
}
