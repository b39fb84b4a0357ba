import type { QueueState } from './queue-states.ts';
import type { ShardTables } from './shard-tables.ts';

/** One destination and partner's queue in one shard, for the health report. */
export interface QueueReport {
  destination: string;
  partnerId: string;
  pending: number;
  /** Accept time of the oldest pending event, epoch ms. */
  oldestAcceptedAt: number | null;
  state: QueueState['state'];
  attempts: number;
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastReason: string | null;
  forwarded: number;
  /** Upstream calls made for this queue, whatever their answer: what the destination's rate limit counts. */
  calls: number;
  retried: number;
  deadLettered: number;
  /** Dead letters kept now, waiting for an operator to replay or drop them. */
  deadLetters: number;
  /** Dead letters an operator queued again, and dropped. */
  replayed: number;
  dropped: number;
  /** Events sent again after a call whose outcome was unknown (see `PossibleDuplicate`). */
  possiblyDuplicated: number;
  /** When that last happened, epoch ms. */
  lastPossiblyDuplicatedAt: number | null;
}

/** One shard's part of the health report. */
export interface ShardReport {
  /** The share of `MAX_PENDING_PER_SHARD` in use, 0 to 1. */
  fill: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  /** Events from bots' browsers answered and not forwarded (`BOT_FILTER`). */
  botFiltered: number;
  queues: QueueReport[];
}

/** Reads a shard's counts and queue states for the health report. */
export function shardReport(tables: ShardTables, now: number): ShardReport {
  const counters = tables.counters.all();
  const queues = tables.queues.all().map((queue): QueueReport => {
    const pending = tables.sql
      .exec<{ n: number; oldest: number | null }>('SELECT COUNT(*) AS n, MIN(accepted_at) AS oldest FROM pending WHERE destination = ? AND partner_id = ?', queue.destination, queue.partner_id)
      .one();
    const counter = (name: string) => counters.get(`${queue.destination}:${queue.partner_id}:${name}`) ?? 0;
    return {
      destination: queue.destination,
      partnerId: queue.partner_id,
      pending: pending.n,
      oldestAcceptedAt: pending.oldest,
      state: queue.state,
      attempts: queue.attempts,
      nextAttemptAt: queue.retry_at > now ? queue.retry_at : null,
      lastStatus: queue.last_status,
      lastReason: queue.last_reason,
      forwarded: counter('forwarded'),
      calls: counter('calls'),
      retried: counter('retried'),
      deadLettered: counter('dead_lettered'),
      deadLetters: tables.deadLetters.stored(queue.destination, queue.partner_id),
      replayed: counter('replayed'),
      dropped: counter('dropped'),
      possiblyDuplicated: counter('possibly_duplicated'),
      lastPossiblyDuplicatedAt: tables.possibleDuplicates.lastAt(queue.destination, queue.partner_id),
    };
  });
  return { fill: tables.bounds.fill(now), accepted: counters.get('accepted') ?? 0, rejected: counters.get('rejected') ?? 0, duplicates: counters.get('duplicates') ?? 0, botFiltered: counters.get('bot_filtered') ?? 0, queues };
}
