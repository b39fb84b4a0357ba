import { DurableObject } from 'cloudflare:workers';
import type { VisitorEvent } from '@rrelay/protocol';
import { bufferSettings, type BufferSettings } from '../config.ts';
import type { DeliveryOutcome, Destination } from '../destinations/destination.ts';
import { destinations } from '../destinations/index.ts';
import { logEvent } from '../log.ts';
import { keepSecretsOut } from '../redact.ts';
import type { ActivityEntry } from './activity-entry.ts';
import type { DeadLetterFilter, DeadLetterRow } from './dead-letters.ts';
import { expirePending } from './expire-pending.ts';
import type { PendingRow } from './pending-row.ts';
import { pickBatch } from './pick-batch.ts';
import { queuedRows, withEvents } from './pending-queue.ts';
import type { PossibleDuplicate } from './possible-duplicates.ts';
import { dropDeadLetters, replayDeadLetters, type DropResult, type ReplayResult } from './replay-dead-letters.ts';
import { sendSplitting } from './send-splitting.ts';
import { settleDelivery } from './settle-delivery.ts';
import { shardReport, type ShardReport } from './shard-report.ts';
import { storeAccepted, type AcceptRequest, type AcceptResult } from './store-accepted.ts';
import { openShardTables, type ShardTables } from './shard-tables.ts';
import { notePossibleDuplicate, noteUnsettledCalls } from './unknown-outcomes.ts';

/** Batches of one queue a shard may have in flight at once (on disjoint visitors). */
const concurrentBatches = 4;
/**
 * While a batch is in flight the alarm stays set at most this far ahead: if the
 * process dies mid-send (a restart, an eviction), the alarm wakes the shard,
 * whose fresh instance sends the batch again.
 */
const backstopMs = 10_000;

const queueKey = (destination: string, partnerId: string) => `${destination}\n${partnerId}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One shard of the relay's buffer: a Durable Object with SQLite storage holding
 * the accepted events of the visitors hashed to it, one queue per destination
 * and partner. `accept` answers only once the events are written (a Durable
 * Object's output gate holds the answer until storage confirms), so a 2xx'd
 * event survives eviction and restarts. The shard coalesces its queues into
 * batches, asks the partner's {@link UpstreamRateLimiter} for a permit per
 * call, records each call before it leaves, retries with backoff, splits
 * refused batches, dead-letters offenders, and forgets an event only once its
 * destination has taken it. Storage lives in the modules of `ShardTables`;
 * this class schedules and sends.
 */
export class VisitorBuffer extends DurableObject<Env> {
  private readonly tables: ShardTables;
  private readonly settings: BufferSettings;
  /** Per queue: visitors with a batch in flight. */
  private readonly busyVisitors = new Map<string, Set<string>>();
  /** Per queue: batches in flight. */
  private readonly inFlight = new Map<string, number>();
  /** Row ids in flight, so a scan does not pick them twice. */
  private readonly inFlightIds = new Set<number>();
  /** Per queue: events accepted since the last look, to flush a full batch at once. */
  private readonly sinceLastLook = new Map<string, number>();
  private alarmAt: number | null = null;
  private expiredAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    keepSecretsOut(env);
    this.settings = bufferSettings(env);
    this.tables = openShardTables(ctx.storage.sql, this.settings.maxPendingPerShard, env.RELAY_METRICS);
    void ctx.blockConcurrencyWhile(async () => {
      this.alarmAt = await ctx.storage.getAlarm();
      ctx.storage.transactionSync(() => noteUnsettledCalls(this.tables, Date.now()));
      this.pump();
    });
  }

  /**
   * Durably queues the validated events of one or more requests in one
   * transaction (ingest sends one request a call), and answers each request's result in order. A request
   * that does not fit under `MAX_PENDING_PER_SHARD` is refused whole (`full`).
   */
  accept(requests: readonly AcceptRequest[]): AcceptResult[] {
    const now = Date.now();
    const active = destinations.filter((destination) => destination.enabled(this.env));
    const results = this.ctx.storage.transactionSync(() =>
      requests.map((request) =>
        storeAccepted(this.tables, request, active.filter((destination) => destination.servesPartner(this.env, request.partnerId)), now, (destination, events) => {
          const key = queueKey(destination, request.partnerId);
          this.sinceLastLook.set(key, (this.sinceLastLook.get(key) ?? 0) + events);
        }),
      ),
    );
    results.forEach((result, index) => {
      const { partnerId, events } = requests[index]!;
      if (result.full) logEvent('error', 'buffer_full', { partnerId, refused: events.length, maxPendingPerShard: this.settings.maxPendingPerShard });
    });
    const batchFull = active.some((destination) =>
      requests.some(({ partnerId }) => (this.sinceLastLook.get(queueKey(destination.name, partnerId)) ?? 0) >= destination.maxBatch(this.env)),
    );
    if (batchFull) this.pump();
    else void this.wakeBy(now + this.settings.maxWaitMs);
    return results;
  }

  /** Counts and queue states of this shard; also makes sure its flushing is under way. */
  report(): ShardReport {
    this.pump();
    return shardReport(this.tables, Date.now());
  }

  /** The newest entries of this shard's recent-activity log, newest first; only those after `since` (epoch ms) if given. */
  activity(limit: number, since = 0): ActivityEntry[] {
    return this.tables.activity.newest(limit, since);
  }

  /** The newest calls of this shard sent again with an unknown first outcome, newest first. */
  possiblyDuplicated(limit: number, since = 0): PossibleDuplicate[] {
    return this.tables.possibleDuplicates.list(limit, since);
  }

  /** This shard's dead letters matching `filter`, newest first; after `before` (`[at, id]`) if given. */
  deadLetters(filter: DeadLetterFilter, limit: number, before?: readonly [at: number, id: number]): DeadLetterRow[] {
    return this.tables.deadLetters.list(filter, limit, before);
  }

  /** Queues dead letters matching `filter` again for their destinations (see `replayDeadLetters`), then flushes as usual. */
  replayDeadLetters(filter: DeadLetterFilter): ReplayResult {
    const serves = (name: string, partnerId: string) => {
      const destination = destinations.find((candidate) => candidate.name === name);
      return !!destination?.enabled(this.env) && destination.servesPartner(this.env, partnerId);
    };
    const result = this.ctx.storage.transactionSync(() => replayDeadLetters(this.tables, filter, serves, Date.now()));
    if (result.replayed > 0) this.pump();
    return result;
  }

  /** Forgets dead letters matching `filter` (see `dropDeadLetters`). */
  dropDeadLetters(filter: DeadLetterFilter): DropResult {
    return this.ctx.storage.transactionSync(() => dropDeadLetters(this.tables, filter, Date.now()));
  }

  /** Adds a line from outside the buffer (a Sponsored Products answer) to the recent-activity log. */
  note(entry: ActivityEntry): void {
    this.tables.activity.record(entry);
  }

  /** Wakes the shard (the cron backstop): resumes flushing after a lost alarm. */
  wake(): void {
    this.pump();
  }

  override async alarm(): Promise<void> {
    this.alarmAt = null;
    const now = Date.now();
    if (now - this.expiredAt > Math.min(60_000, this.settings.retentionMs / 4, this.settings.heldRetentionMs / 4)) {
      this.expiredAt = now;
      this.ctx.storage.transactionSync(() => expirePending(this.tables, this.settings, this.inFlightIds, now));
    }
    this.pump();
  }

  /**
   * Starts every batch that is due: per queue, while fewer than
   * {@link concurrentBatches} are in flight and the queue is not backing off,
   * picks the next batch (visitors in flight skipped) once it is full or its
   * oldest event has waited `maxWaitMs`. Then sets the alarm for the next time
   * something becomes due. Synchronous: SQLite reads in a Durable Object are.
   */
  private pump(): void {
    const now = Date.now();
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const queue of this.tables.queues.all()) {
      const destination = destinations.find((candidate) => candidate.name === queue.destination);
      if (!destination?.enabled(this.env)) continue;
      const key = queueKey(queue.destination, queue.partner_id);
      this.sinceLastLook.set(key, 0);
      if ((this.inFlight.get(key) ?? 0) > 0) wakeAt = Math.min(wakeAt, now + backstopMs);
      if (queue.retry_at > now) {
        wakeAt = Math.min(wakeAt, queue.retry_at);
        continue;
      }
      const maxBatch = destination.maxBatch(this.env);
      while ((this.inFlight.get(key) ?? 0) < concurrentBatches) {
        const rows = queuedRows(this.tables.sql, queue.destination, queue.partner_id, this.inFlightIds);
        if (rows.length === 0) break;
        const batch = pickBatch(rows, this.busyVisitors.get(key) ?? new Set(), maxBatch);
        const dueAt = rows[0]!.acceptedAt + this.settings.maxWaitMs;
        if (batch.length === 0) {
          wakeAt = Math.min(wakeAt, now + backstopMs);
          break;
        }
        if (batch.length < maxBatch && dueAt > now) {
          wakeAt = Math.min(wakeAt, dueAt);
          break;
        }
        this.startBatch(destination, queue.partner_id, withEvents(this.tables.sql, batch));
        wakeAt = Math.min(wakeAt, now + backstopMs);
      }
    }
    if (wakeAt !== Number.POSITIVE_INFINITY) void this.wakeBy(wakeAt);
  }

  private startBatch(destination: Destination, partnerId: string, batch: PendingRow[]): void {
    const key = queueKey(destination.name, partnerId);
    const busy = this.busyVisitors.get(key) ?? new Set<string>();
    this.busyVisitors.set(key, busy);
    for (const row of batch) {
      busy.add(row.visitor);
      this.inFlightIds.add(row.id);
    }
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    void this.deliver(destination, partnerId, batch)
      .catch((error) => logEvent('error', 'deliver_failed', { destination: destination.name, partnerId, message: String(error) }))
      .finally(() => {
        for (const row of batch) {
          busy.delete(row.visitor);
          this.inFlightIds.delete(row.id);
        }
        this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
        this.pump();
      });
  }

  /**
   * Sends one batch (split on 400), each call recorded as under way before it
   * leaves, then settles each event: delivered, dead-lettered, or kept for a
   * retry; a call that got no answer at all is kept as a possible duplicate.
   */
  private async deliver(destination: Destination, partnerId: string, batch: PendingRow[]): Promise<void> {
    const { inFlightCalls } = this.tables;
    const events = new Map(batch.map((row) => [row.id, JSON.parse(row.event) as VisitorEvent]));
    let deliveredStatus = 200;
    const lastCall = { status: 0, latencyMs: 0 };
    // Calls whose record stays until the settling transaction: taken, or unanswered.
    const unsettled: { call: number; part: readonly PendingRow[]; sentAt: number; answered: boolean }[] = [];
    const result = await sendSplitting(batch, async (part): Promise<DeliveryOutcome> => {
      await this.permit(destination, partnerId);
      const sentAt = Date.now();
      const call = inFlightCalls.begin(destination.name, partnerId, part.map((row) => row.id), sentAt);
      // The record must be on disk before the call can reach the destination.
      await this.ctx.storage.sync();
      let outcome: DeliveryOutcome;
      try {
        outcome = await destination.send(this.env, partnerId, part.map((row) => events.get(row.id)!));
      } catch (error) {
        outcome = { kind: 'retry', status: 0, reason: `destination threw: ${String(error).slice(0, 200)}` };
      }
      lastCall.status = outcome.status;
      lastCall.latencyMs += Date.now() - sentAt;
      // An answer that refused the call settles its fate now; a 2xx or no answer at all is settled with the batch.
      if (outcome.kind !== 'delivered' && outcome.status !== 0) inFlightCalls.end(call);
      else unsettled.push({ call, part, sentAt, answered: outcome.kind === 'delivered' });
      if (outcome.kind === 'retry' && outcome.afterMs) await this.limiter(destination, partnerId).pause(Date.now() + outcome.afterMs);
      if (outcome.kind === 'delivered') deliveredStatus = outcome.status;
      return outcome;
    });
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      for (const { call, part, sentAt, answered } of unsettled) {
        inFlightCalls.end(call);
        if (!answered) notePossibleDuplicate(this.tables, destination, partnerId, 'no_answer', sentAt, part, now);
      }
      settleDelivery(this.tables, this.settings, destination, partnerId, result, deliveredStatus, lastCall, now);
    });
    if (result.delivered.length > 0) {
      logEvent('info', 'batch_forwarded', { destination: destination.name, partnerId, events: result.delivered.length, calls: result.calls });
    }
  }

  /** Waits until the partner's rate limiter grants one upstream call. */
  private async permit(destination: Destination, partnerId: string): Promise<void> {
    const limiter = this.limiter(destination, partnerId);
    const rate = destination.ratePerSecond(this.env);
    for (;;) {
      const { waitMs } = await limiter.acquire(rate);
      if (waitMs === 0) return;
      await sleep(waitMs);
    }
  }

  private limiter(destination: Destination, partnerId: string) {
    return this.env.UPSTREAM_LIMITER.getByName(`${destination.name}:${partnerId}`);
  }

  /** Makes sure the alarm fires no later than `at`. */
  private async wakeBy(at: number): Promise<void> {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }
}
