import { everyShard } from '../buffer/every-shard.ts';
import type { QueueReport, ShardReport } from '../buffer/shard-report.ts';
import { bufferSettings, type RelayConfig } from '../config.ts';
import { destinations as destinationList } from '../destinations/index.ts';
import type { requireHealthToken } from '../http/bearer-token.ts';
import { jsonResponse } from '../http/json-response.ts';

/** One destination and partner's queue across all shards, as the health report shows it. */
export interface DestinationHealth {
  destination: string;
  partnerId: string;
  /** `unauthorized` if any shard got 401/403; else `backing_off` if any shard is waiting to retry. */
  state: QueueReport['state'];
  pending: number;
  oldestPendingAgeMs: number | null;
  forwarded: number;
  /** Upstream calls made, whatever their answer (the inspector charts their rate against `callsPerSecondLimit`). */
  calls: number;
  /** The destination's rate limit per partner (Retail Rocket's `UPSTREAM_RPS`, 50 by default). */
  callsPerSecondLimit: number;
  retried: number;
  deadLettered: number;
  /** Dead letters kept now (`GET /admin/dead-letters`), and those an operator replayed or dropped. */
  deadLetters: number;
  replayed: number;
  dropped: number;
  /** Events sent again after a call whose outcome was unknown: a restart mid-call, or no answer. */
  possiblyDuplicated: number;
  lastPossiblyDuplicatedAt: number | null;
  lastStatus: number | null;
  lastReason: string | null;
}

/** The body of `GET /health/report`. */
export interface HealthReport {
  /** False when a destination is unauthorized or events wait longer than five minutes. */
  ok: boolean;
  alerts: string[];
  /** What an operator should know but need not act on (events possibly sent twice). */
  notices: string[];
  counts: {
    accepted: number;
    rejected: number;
    duplicates: number;
    /** Events from bots' browsers, answered 2xx and not forwarded (`BOT_FILTER`). */
    botFiltered: number;
    forwarded: number;
    retried: number;
    deadLettered: number;
    /** Dead letters kept now, waiting for an operator to replay or drop them. */
    deadLetters: number;
    deadLettersReplayed: number;
    deadLettersDropped: number;
    possiblyDuplicated: number;
    pending: number;
  };
  oldestPendingAgeMs: number | null;
  destinations: DestinationHealth[];
}

const staleMs = 5 * 60_000;
const severity = { ok: 0, backing_off: 1, unauthorized: 2 } as const;

/**
 * Sums the shards' reports into one health report. `heldRetentionMs` is how long
 * events held for a refused key are kept, which the alert names; `settingProblems`
 * are settings the relay could not read (`RelayConfig.settingProblems`), each an alert.
 */
export function summarizeHealth(shards: readonly ShardReport[], now: number, heldRetentionMs: number, settingProblems: readonly string[] = []): HealthReport {
  const byQueue = new Map<string, DestinationHealth & { oldestAt: number | null }>();
  for (const queue of shards.flatMap((shard) => shard.queues)) {
    const key = `${queue.destination}\n${queue.partnerId}`;
    const sum = byQueue.get(key) ?? {
      destination: queue.destination,
      partnerId: queue.partnerId,
      state: 'ok' as QueueReport['state'],
      pending: 0,
      oldestPendingAgeMs: null,
      oldestAt: null,
      forwarded: 0,
      calls: 0,
      callsPerSecondLimit: 0,
      retried: 0,
      deadLettered: 0,
      deadLetters: 0,
      replayed: 0,
      dropped: 0,
      possiblyDuplicated: 0,
      lastPossiblyDuplicatedAt: null,
      lastStatus: null,
      lastReason: null,
    };
    sum.pending += queue.pending;
    sum.forwarded += queue.forwarded;
    sum.calls += queue.calls;
    sum.retried += queue.retried;
    sum.deadLettered += queue.deadLettered;
    sum.deadLetters += queue.deadLetters;
    sum.replayed += queue.replayed;
    sum.dropped += queue.dropped;
    sum.possiblyDuplicated += queue.possiblyDuplicated;
    sum.lastPossiblyDuplicatedAt = Math.max(sum.lastPossiblyDuplicatedAt ?? 0, queue.lastPossiblyDuplicatedAt ?? 0) || null;
    if (queue.oldestAcceptedAt !== null && (sum.oldestAt === null || queue.oldestAcceptedAt < sum.oldestAt)) sum.oldestAt = queue.oldestAcceptedAt;
    if (severity[queue.state] > severity[sum.state] || (queue.state !== 'ok' && sum.lastStatus === null)) {
      sum.state = severity[queue.state] > severity[sum.state] ? queue.state : sum.state;
      sum.lastStatus = queue.lastStatus;
      sum.lastReason = queue.lastReason;
    }
    byQueue.set(key, sum);
  }
  const destinations = [...byQueue.values()].map(({ oldestAt, ...queue }) => ({ ...queue, oldestPendingAgeMs: oldestAt === null ? null : now - oldestAt }));
  const total = (pick: (queue: DestinationHealth) => number) => destinations.reduce((sum, queue) => sum + pick(queue), 0);
  const ages = destinations.map((queue) => queue.oldestPendingAgeMs).filter((age): age is number => age !== null);
  const oldestPendingAgeMs = ages.length ? Math.max(...ages) : null;
  const alerts: string[] = [...settingProblems];
  const fullest = Math.max(0, ...shards.map((shard) => shard.fill));
  if (fullest >= 0.5) alerts.push(`a buffer shard holds ${Math.round(fullest * 100)} % of MAX_PENDING_PER_SHARD; at 100 % it refuses new events with 503`);
  for (const queue of destinations) {
    if (queue.state === 'unauthorized') {
      const dropsIn = queue.oldestPendingAgeMs === null ? '' : `, the oldest dropped in ${Math.max(0, Math.round((heldRetentionMs - queue.oldestPendingAgeMs) / 3_600_000))} h`;
      alerts.push(
        `${queue.destination} refuses the key for partner ${queue.partnerId} (${queue.lastStatus}); ${queue.pending} events are held until it is fixed, for at most ${Math.round(heldRetentionMs / 3_600_000)} h each${dropsIn}`,
      );
    }
    if (queue.oldestPendingAgeMs !== null && queue.oldestPendingAgeMs > staleMs) {
      alerts.push(`${queue.destination} has events pending for ${Math.round(queue.oldestPendingAgeMs / 1000)} s (partner ${queue.partnerId})`);
    }
  }
  const notices = destinations
    .filter((queue) => queue.possiblyDuplicated > 0)
    .map((queue) => {
      const since = queue.lastPossiblyDuplicatedAt ? `, last at ${new Date(queue.lastPossiblyDuplicatedAt).toISOString()}` : '';
      const refuses = destinationList.find((destination) => destination.name === queue.destination)?.refusesRepeats;
      return refuses
        ? `${queue.destination} (partner ${queue.partnerId}): ${queue.possiblyDuplicated} events were sent again after a call with no known outcome${since}; it refuses repeats, so none arrives twice`
        : `${queue.destination} (partner ${queue.partnerId}): ${queue.possiblyDuplicated} events may have arrived twice, sent again after a call with no known outcome (a restart mid-call, or no answer)${since}; see GET /admin/possible-duplicates`;
    });
  for (const queue of destinations.filter((queue) => queue.deadLetters > 0)) {
    notices.push(`${queue.destination} (partner ${queue.partnerId}): ${queue.deadLetters} dead letters wait to be replayed or dropped; see GET /admin/dead-letters`);
  }
  return {
    ok: alerts.length === 0,
    alerts,
    notices,
    counts: {
      accepted: shards.reduce((sum, shard) => sum + shard.accepted, 0),
      rejected: shards.reduce((sum, shard) => sum + shard.rejected, 0),
      duplicates: shards.reduce((sum, shard) => sum + shard.duplicates, 0),
      botFiltered: shards.reduce((sum, shard) => sum + shard.botFiltered, 0),
      forwarded: total((queue) => queue.forwarded),
      retried: total((queue) => queue.retried),
      deadLettered: total((queue) => queue.deadLettered),
      deadLetters: total((queue) => queue.deadLetters),
      deadLettersReplayed: total((queue) => queue.replayed),
      deadLettersDropped: total((queue) => queue.dropped),
      possiblyDuplicated: total((queue) => queue.possiblyDuplicated),
      pending: total((queue) => queue.pending),
    },
    oldestPendingAgeMs,
    destinations,
  };
}

/** `GET /health/report` (behind {@link requireHealthToken}): counts and queue states of every shard, summed. */
export async function handleHealthReport(env: Env, config: RelayConfig): Promise<Response> {
  const reports = await Promise.all(everyShard(env).map((shard) => shard.report()));
  const report = summarizeHealth(reports, Date.now(), bufferSettings(env).heldRetentionMs, config.settingProblems);
  for (const queue of report.destinations) queue.callsPerSecondLimit = destinationList.find((destination) => destination.name === queue.destination)?.ratePerSecond(env) ?? 0;
  return jsonResponse(200, report, { 'cache-control': 'no-store' });
}
