import type { ActivityEntry } from './activity-entry.ts';
import { insertRows } from './insert-rows.ts';

/** Entries of the recent-activity log each shard keeps. */
export const activityKept = 1000;
/** Entries written between two prunings: the log never holds more than `activityKept` + this. */
const pruneEvery = 50;

const schema = 'CREATE TABLE IF NOT EXISTS activity (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, entry TEXT NOT NULL);';

/**
 * A shard's recent-activity log (`GET /admin/activity`, the event inspector's
 * feed): the newest {@link activityKept} entries, whoever writes them: ingest,
 * delivery, or a Sponsored Products answer. It prunes itself as it is written,
 * so a shard that only records deliveries or impressions stays bounded too.
 */
export class ActivityLog {
  readonly #sql: SqlStorage;
  #sincePruned = 0;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    sql.exec(schema);
  }

  /** Adds one entry. */
  record(entry: ActivityEntry): void {
    this.recordAll([entry]);
  }

  /** Adds entries in order, in as few statements as the parameter limit allows. */
  recordAll(entries: readonly ActivityEntry[]): void {
    if (entries.length === 0) return;
    insertRows(this.#sql, 'INSERT INTO activity (at, entry)', entries.map((entry) => [entry.at, JSON.stringify(entry)]));
    this.#sincePruned += entries.length;
    if (this.#sincePruned >= pruneEvery) {
      this.#sql.exec('DELETE FROM activity WHERE id <= (SELECT MAX(id) FROM activity) - ?', activityKept);
      this.#sincePruned = 0;
    }
  }

  /** The newest entries, newest first; only those after `since` (epoch ms) if given. */
  newest(limit: number, since = 0): ActivityEntry[] {
    return this.#sql
      .exec<{ entry: string }>('SELECT entry FROM activity WHERE at > ? ORDER BY id DESC LIMIT ?', since, limit)
      .toArray()
      .map((row) => JSON.parse(row.entry) as ActivityEntry);
  }
}
