/** An upstream call recorded as under way, read back by a later instance of the shard. */
export interface UnsettledCall {
  destination: string;
  partnerId: string;
  /** When the call was recorded, just before it left (epoch ms). */
  sentAt: number;
  /** The `pending` rows it carried. */
  rowIds: number[];
}

const schema = `
CREATE TABLE IF NOT EXISTS in_flight (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  destination TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  row_ids TEXT NOT NULL,
  sent_at INTEGER NOT NULL
);
`;

/**
 * The shard's durable record of the upstream calls under way. A call is
 * recorded before it leaves and its record removed in the same transaction
 * that settles its events, so a record that outlives its instance (the
 * process stopped, was evicted or crashed mid-send) names exactly the events
 * whose fate upstream is unknown: the destination may have taken them
 * without the shard ever hearing its answer.
 */
export class InFlightCalls {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    sql.exec(schema);
  }

  /** Records a call about to leave; returns its id for {@link InFlightCalls.end}. */
  begin(destination: string, partnerId: string, rowIds: readonly number[], now: number): number {
    return this.sql
      .exec<{ id: number }>('INSERT INTO in_flight (destination, partner_id, row_ids, sent_at) VALUES (?, ?, ?, ?) RETURNING id', destination, partnerId, JSON.stringify(rowIds), now)
      .one().id;
  }

  /** Removes a call's record once its outcome is known (or written, in the same transaction). */
  end(id: number): void {
    this.sql.exec('DELETE FROM in_flight WHERE id = ?', id);
  }

  /**
   * Reads and removes every call recorded by an earlier instance. Call it
   * once, as the shard starts, before it sends anything.
   */
  takeUnsettled(): UnsettledCall[] {
    const calls = this.sql
      .exec<{ destination: string; partner_id: string; row_ids: string; sent_at: number }>('SELECT destination, partner_id, row_ids, sent_at FROM in_flight ORDER BY id')
      .toArray()
      .map((row) => ({ destination: row.destination, partnerId: row.partner_id, sentAt: row.sent_at, rowIds: JSON.parse(row.row_ids) as number[] }));
    this.sql.exec('DELETE FROM in_flight');
    return calls;
  }
}
