/** Event ids a shard remembers for dedupe at most; past it the oldest are forgotten first. */
export const maxSeenEventsPerShard = 2_000_000;
/** How often the shard counts its pending rows again, at most. */
const recountMs = 5000;

/**
 * Bounds what a shard stores, whatever its clients send: at most
 * `maxPending` pending rows (a full shard refuses new events with a 503, so
 * senders keep them and try again; nothing held is dropped), and at most
 * {@link maxSeenEventsPerShard} remembered event ids. The pending count is
 * read from SQLite at most every few seconds and grown by every insert in
 * between, so it can only err on the side of a refusal.
 */
export class StorageBounds {
  readonly #sql: SqlStorage;
  readonly #maxPending: number;
  #pending = 0;
  #countedAt = Number.NEGATIVE_INFINITY;

  constructor(sql: SqlStorage, maxPending: number) {
    this.#sql = sql;
    this.#maxPending = maxPending;
  }

  /** Whether `rows` more pending rows fit under the bound. */
  hasRoomFor(rows: number, now: number): boolean {
    if (now - this.#countedAt > recountMs || this.#pending + rows > this.#maxPending) this.#recount(now);
    return this.#pending + rows <= this.#maxPending;
  }

  /** Counts rows just inserted, until the next recount. */
  inserted(rows: number): void {
    this.#pending += rows;
  }

  /** The share of the bound in use, 0 to 1, counted again if the last count is older than a few seconds. */
  fill(now: number): number {
    if (now - this.#countedAt > recountMs) this.#recount(now);
    return this.#pending / this.#maxPending;
  }

  /** Forgets the oldest remembered event ids beyond the bound. */
  trimSeenEvents(): void {
    this.#sql.exec(
      'DELETE FROM seen_events WHERE at < (SELECT at FROM seen_events ORDER BY at DESC LIMIT 1 OFFSET ?)',
      maxSeenEventsPerShard - 1,
    );
  }

  #recount(now: number): void {
    this.#pending = this.#sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM pending').one().n;
    this.#countedAt = now;
  }
}
