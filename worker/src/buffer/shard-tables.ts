import { ActivityLog } from './activity-log.ts';
import { Counters } from './counters.ts';
import { DeadLetters } from './dead-letters.ts';
import { InFlightCalls } from './in-flight-calls.ts';
import { PossibleDuplicates } from './possible-duplicates.ts';
import { QueueStates } from './queue-states.ts';
import { RelayMetrics } from './relay-metrics.ts';
import { StorageBounds } from './storage-bounds.ts';

const schema = `
CREATE TABLE IF NOT EXISTS pending (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  destination TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  visitor TEXT NOT NULL,
  event TEXT NOT NULL,
  accepted_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pending_by_queue ON pending (destination, partner_id, id);
CREATE INDEX IF NOT EXISTS pending_by_age ON pending (accepted_at);
CREATE TABLE IF NOT EXISTS seen_events (
  partner_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (partner_id, event_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seen_events_by_time ON seen_events (at);
`;

/**
 * A buffer shard's SQLite storage, each table behind the module that owns it:
 * `pending` (the events to deliver, one row per destination) and
 * `seen_events` (the dedupe window) here, and the rest in their modules.
 */
export interface ShardTables {
  sql: SqlStorage;
  counters: Counters;
  activity: ActivityLog;
  deadLetters: DeadLetters;
  queues: QueueStates;
  inFlightCalls: InFlightCalls;
  possibleDuplicates: PossibleDuplicates;
  bounds: StorageBounds;
  /** Not a table: the optional Analytics Engine dataset the shard's numbers also go to. */
  metrics: RelayMetrics;
}

/** Creates what is missing of a shard's tables and opens each one's module; `metrics` is the `RELAY_METRICS` binding, if any. */
export function openShardTables(sql: SqlStorage, maxPendingPerShard: number, metrics?: AnalyticsEngineDataset): ShardTables {
  sql.exec(schema);
  const counters = new Counters(sql);
  const activity = new ActivityLog(sql);
  return {
    sql,
    counters,
    activity,
    deadLetters: new DeadLetters(sql, counters, activity),
    queues: new QueueStates(sql),
    inFlightCalls: new InFlightCalls(sql),
    possibleDuplicates: new PossibleDuplicates(sql),
    bounds: new StorageBounds(sql, maxPendingPerShard),
    metrics: new RelayMetrics(metrics),
  };
}
