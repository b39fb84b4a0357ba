import { insertRows } from './insert-rows.ts';

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
    this.addAll({ [name]: by });
  }

  /** Adds to several counters in one statement: `{accepted: 2, duplicates: 1}`. */
  addAll(amounts: Readonly<Record<string, number>>): void {
    const rows = Object.entries(amounts).filter(([, by]) => by !== 0);
    insertRows(this.#sql, 'INSERT INTO counters (name, value)', rows, 'ON CONFLICT (name) DO UPDATE SET value = value + excluded.value');
  }

  /** Every counter, by name. */
  all(): Map<string, number> {
    return new Map(this.#sql.exec<{ name: string; value: number }>('SELECT name, value FROM counters').toArray().map((row) => [row.name, row.value]));
  }
}
