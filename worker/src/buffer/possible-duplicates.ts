/**
 * Why a resend may repeat events the destination already took:
 * - `restart`: the call was under way when the shard's process stopped (a
 *   deploy, an eviction, a crash), so its answer was never written;
 * - `no_answer`: the call timed out or its connection dropped, so the
 *   destination may or may not have handled it.
 */
export type PossibleDuplicateCause = 'restart' | 'no_answer';

/** One call whose events are sent again although the destination may already hold them. */
export interface PossibleDuplicate {
  /** When the shard found out (epoch ms): its restart, or the failed call's end. */
  at: number;
  destination: string;
  partnerId: string;
  cause: PossibleDuplicateCause;
  /** When the call left (epoch ms): the window of doubt is `inFlightSince` to `at`. */
  inFlightSince: number;
  /** Events sent again. */
  events: number;
  /** Per visitor (`sessionExternalId`), how many of those events are theirs. */
  visitors: Record<string, number>;
  /** The `transaction` of every `order` line among them: a repeated line counts its revenue twice upstream. */
  orderTransactions: string[];
  /** The destination refuses a repeated event itself (eSputnik), so none of these arrives twice. */
  refusedUpstream: boolean;
}

/**
 * Describes a call sent again from the `pending` rows it carried (the stored
 * events as JSON): how many, whose, and which order lines.
 */
export function possibleDuplicate(
  call: Pick<PossibleDuplicate, 'at' | 'destination' | 'partnerId' | 'cause' | 'inFlightSince' | 'refusedUpstream'>,
  rows: readonly { visitor: string; event: string }[],
): PossibleDuplicate {
  const visitors: Record<string, number> = {};
  const orderTransactions: string[] = [];
  for (const row of rows) {
    visitors[row.visitor] = (visitors[row.visitor] ?? 0) + 1;
    const event = JSON.parse(row.event) as { method: string; body: { transaction?: unknown } };
    if (event.method === 'order' && typeof event.body.transaction === 'string') orderTransactions.push(event.body.transaction);
  }
  return { ...call, events: rows.length, visitors, orderTransactions: [...new Set(orderTransactions)] };
}

/** Calls kept per shard for `GET /admin/possible-duplicates`: the newest ones. */
const kept = 200;
/** And no longer than this. */
const keepMs = 7 * 24 * 3_600_000;

const schema = `
CREATE TABLE IF NOT EXISTS possible_duplicates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  destination TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  entry TEXT NOT NULL
);
`;

/**
 * The shard's log of calls sent again with an unknown first outcome, so an
 * operator can tell which visitors and orders may be counted twice upstream
 * (Retail Rocket's `visitorEvents` has no idempotency key). Bounded: the
 * newest {@link kept} calls, for at most seven days.
 */
export class PossibleDuplicates {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    sql.exec(schema);
  }

  /** Adds one call and forgets the oldest beyond the bound. */
  record(entry: PossibleDuplicate): void {
    this.sql.exec('INSERT INTO possible_duplicates (at, destination, partner_id, entry) VALUES (?, ?, ?, ?)', entry.at, entry.destination, entry.partnerId, JSON.stringify(entry));
    this.sql.exec('DELETE FROM possible_duplicates WHERE id <= (SELECT MAX(id) FROM possible_duplicates) - ? OR at < ?', kept, entry.at - keepMs);
  }

  /** The newest calls, newest first; only those after `since` (epoch ms) if given. */
  list(limit: number, since = 0): PossibleDuplicate[] {
    return this.sql
      .exec<{ entry: string }>('SELECT entry FROM possible_duplicates WHERE at > ? ORDER BY id DESC LIMIT ?', since, limit)
      .toArray()
      .map((row) => JSON.parse(row.entry) as PossibleDuplicate);
  }

  /** When a call of this queue was last found possibly duplicated (epoch ms), if ever within the bound. */
  lastAt(destination: string, partnerId: string): number | null {
    return this.sql.exec<{ at: number | null }>('SELECT MAX(at) AS at FROM possible_duplicates WHERE destination = ? AND partner_id = ?', destination, partnerId).one().at;
  }
}
