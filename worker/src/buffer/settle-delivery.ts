import type { BufferSettings } from '../config.ts';
import type { Destination } from '../destinations/destination.ts';
import { logEvent } from '../log.ts';
import { redact } from '../redact.ts';
import type { PendingRow } from './pending-row.ts';
import { retryDelayMs } from './retry-delay.ts';
import type { SplitDelivery } from './send-splitting.ts';
import type { ShardTables } from './shard-tables.ts';

/**
 * Writes what became of one batch, inside the caller's transaction: the events
 * the destination took, and those it refused on their own (dead-lettered), are
 * removed from `pending` and counted; the rest stay, and the queue backs off
 * (`retry`, with backoff and jitter, at least the `Retry-After`) or is held
 * (`unauthorized`, retried every `AUTH_RETRY_SECONDS`), with an activity entry
 * and a log line. `deliveredStatus` is the status the destination answered
 * when it took events (200 from Retail Rocket, 204 from eSputnik); `call` is the last call's status and
 * the calls' latency added up, for the `RELAY_METRICS` dataset.
 */
export function settleDelivery(
  tables: ShardTables,
  settings: BufferSettings,
  destination: Destination,
  partnerId: string,
  result: SplitDelivery<PendingRow>,
  deliveredStatus: number,
  call: { status: number; latencyMs: number },
  now: number,
): void {
  const counterPrefix = `${destination.name}:${partnerId}:`;
  const settled = [...result.delivered, ...result.deadLettered.map((dead) => dead.item)].map((row) => row.id);
  if (settled.length > 0) tables.sql.exec('DELETE FROM pending WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(settled));
  for (const dead of result.deadLettered) tables.deadLetters.add(destination.name, partnerId, dead.item, dead.status, dead.reason, now);
  tables.counters.addAll({ [`${counterPrefix}forwarded`]: result.delivered.length, [`${counterPrefix}calls`]: result.calls });
  if (result.delivered.length > 0) {
    tables.activity.record({ kind: 'forwarded', at: now, destination: destination.name, partnerId, events: result.delivered.length, status: deliveredStatus, calls: result.calls });
  }
  const stop = result.stoppedBy;
  const retried = stop && stop.kind !== 'unauthorized' ? result.remaining.length : 0;
  tables.metrics.delivery(destination.name, partnerId, { forwarded: result.delivered.length, retried, deadLettered: result.deadLettered.length, calls: result.calls, ...call });
  if (!stop) {
    tables.queues.succeeded(destination.name, partnerId);
    return;
  }
  const attempts = tables.queues.attempts(destination.name, partnerId) + 1;
  const reason = redact(stop.reason).slice(0, 300);
  const waitMs = stop.kind === 'unauthorized' ? settings.authRetryMs : retryDelayMs(attempts, { baseMs: settings.retryBaseMs, maxMs: settings.retryMaxMs }, stop.afterMs);
  const state = stop.kind === 'unauthorized' ? 'unauthorized' : 'backing_off';
  tables.queues.stopped(destination.name, partnerId, { retryAt: now + waitMs, attempts, state, status: stop.status, reason });
  const entry = { at: now, destination: destination.name, partnerId, events: result.remaining.length, status: stop.status, reason, retryInMs: waitMs };
  if (stop.kind === 'unauthorized') {
    tables.activity.record({ kind: 'unauthorized', ...entry });
    logEvent('error', 'destination_unauthorized', { ...entry, attempts, action: `holding events; check the destination's key (e.g. wrangler secret put RR_API_KEY)` });
  } else {
    tables.counters.add(`${counterPrefix}retried`, retried);
    tables.activity.record({ kind: 'retry', ...entry });
    logEvent('warn', 'batch_retry', { ...entry, attempts });
  }
}
