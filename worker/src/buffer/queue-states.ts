/** One destination and partner's delivery state in a shard, as stored (a type, so SQLite's row constraint accepts it). */
export type QueueState = {
  destination: string;
  partner_id: string;
  /** Epoch ms before which the queue is not tried again (0: now). */
  retry_at: number;
  attempts: number;
  /** `ok`, `backing_off` after a 5xx/429/timeout, `unauthorized` after a 401/403. */
  state: 'ok' | 'backing_off' | 'unauthorized';
  last_status: number | null;
  last_reason: string | null;
};

const schema = `
CREATE TABLE IF NOT EXISTS queues (
  destination TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  retry_at INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'ok',
  last_status INTEGER,
  last_reason TEXT,
  PRIMARY KEY (destination, partner_id)
);
`;

/** The delivery state of each of a shard's queues (destination × partner): whether, and when, to try again. */
export class QueueStates {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    sql.exec(schema);
  }

  /** Makes sure the queue has a state (`ok` when new). */
  ensure(destination: string, partnerId: string): void {
    this.#sql.exec('INSERT OR IGNORE INTO queues (destination, partner_id) VALUES (?, ?)', destination, partnerId);
  }

  /** Every queue of the shard. */
  all(): QueueState[] {
    return this.#sql.exec<QueueState>('SELECT * FROM queues').toArray();
  }

  /** Tries of the queue since its last success. */
  attempts(destination: string, partnerId: string): number {
    return this.#sql.exec<{ attempts: number }>('SELECT attempts FROM queues WHERE destination = ? AND partner_id = ?', destination, partnerId).one().attempts;
  }

  /** The destination took the queue's last call. */
  succeeded(destination: string, partnerId: string): void {
    this.#sql.exec("UPDATE queues SET retry_at = 0, attempts = 0, state = 'ok' WHERE destination = ? AND partner_id = ?", destination, partnerId);
  }

  /** The destination asked to wait (`backing_off`) or refused the key (`unauthorized`): try again at `retryAt`. */
  stopped(destination: string, partnerId: string, stop: { retryAt: number; attempts: number; state: 'backing_off' | 'unauthorized'; status: number; reason: string }): void {
    this.#sql.exec(
      'UPDATE queues SET retry_at = ?, attempts = ?, state = ?, last_status = ?, last_reason = ? WHERE destination = ? AND partner_id = ?',
      stop.retryAt,
      stop.attempts,
      stop.state,
      stop.status,
      stop.reason,
      destination,
      partnerId,
    );
  }
}
