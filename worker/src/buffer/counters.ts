const schema = 'CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);';

/**
 * A shard's running totals for the health report, by name: `accepted`,
 * `rejected`, `duplicates`, and per queue `{destination}:{partner}:forwarded`,
 * `retried`, `dead_lettered`, `possibly_duplicated`.
 */
export class Counters {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    sql.exec(schema);
  }

  /** Adds `by` to the counter `name`. */
  add(name: string, by: number): void {
    if (by === 0) return;
    this.#sql.exec('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value', name, by);
  }

  /** Every counter, by name. */
  all(): Map<string, number> {
    return new Map(this.#sql.exec<{ name: string; value: number }>('SELECT name, value FROM counters').toArray().map((row) => [row.name, row.value]));
  }
}
