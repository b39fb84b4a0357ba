import { DurableObject } from 'cloudflare:workers';
import type { EventRejection, VisitorEvent } from '@rrelay/protocol';
import { bufferSettings, type BufferSettings } from '../config.ts';
import type { DeliveryOutcome, Destination } from '../destinations/destination.ts';
import { destinations } from '../destinations/index.ts';
import { logEvent } from '../log.ts';
import { keepSecretsOut, redact } from '../redact.ts';
import type { ActivityEntry } from './activity-entry.ts';
import { InFlightCalls } from './in-flight-calls.ts';
import { pickBatch } from './pick-batch.ts';
import { possibleDuplicate, PossibleDuplicates, type PossibleDuplicate } from './possible-duplicates.ts';
import { retryDelayMs } from './retry-delay.ts';
import { sendSplitting } from './send-splitting.ts';
import { StorageBounds } from './storage-bounds.ts';

/** What one shard answers to `accept`. */
export interface AcceptResult {
  /** Events now durably held (or already delivered before: duplicates count as accepted). */
  accepted: number;
  /** Of those, events whose id was seen within the dedupe window and were not queued again. */
  duplicates: number;
  /** Set when the shard holds as many pending events as it may (`MAX_PENDING_PER_SHARD`): nothing was taken. */
  full?: true;
}

/** One destination and partner's queue in one shard, for the health report. */
export interface QueueReport {
  destination: string;
  partnerId: string;
  pending: number;
  /** Accept time of the oldest pending event, epoch ms. */
  oldestAcceptedAt: number | null;
  /** `ok`, `backing_off` after a 5xx/429/timeout, `unauthorized` after a 401/403. */
  state: 'ok' | 'backing_off' | 'unauthorized';
  attempts: number;
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastReason: string | null;
  forwarded: number;
  retried: number;
  deadLettered: number;
  /** Events sent again after a call whose outcome was unknown (see {@link PossibleDuplicate}). */
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
  queues: QueueReport[];
}

/** A pending event as the buffer reads it back (the event still as stored JSON until it is sent). */
interface PendingRow {
  id: number;
  visitor: string;
  event: string;
  acceptedAt: number;
}

type QueueState = {
  destination: string;
  partner_id: string;
  retry_at: number;
  attempts: number;
  state: string;
  last_status: number | null;
  last_reason: string | null;
};

/** Rows of the recent-activity log each shard keeps. */
const activityKept = 1000;
/** Pending rows read per look at a queue (batches are at most 500). */
const scanLimit = 2000;
/** Batches of one queue a shard may have in flight at once (on disjoint visitors). */
const concurrentBatches = 4;
/** Dead letters are kept this long for inspection. */
const deadLetterKeepMs = 7 * 24 * 3_600_000;
/**
 * While a batch is in flight the alarm stays set at most this far ahead: if the
 * process dies mid-send (a restart, an eviction), the alarm wakes the shard,
 * whose fresh instance sends the batch again.
 */
const backstopMs = 10_000;

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
CREATE TABLE IF NOT EXISTS dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  destination TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  event TEXT NOT NULL,
  status INTEGER NOT NULL,
  reason TEXT NOT NULL,
  accepted_at INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS activity (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, entry TEXT NOT NULL);
`;

const queueKey = (destination: string, partnerId: string) => `${destination}\n${partnerId}`;
const visitorOf = (event: VisitorEvent) => event.body.sessionExternalId;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One shard of the relay's buffer: a Durable Object with SQLite storage holding
 * the accepted events of the visitors hashed to it, one queue per destination
 * and partner. `accept` answers only once the events are written (a Durable
 * Object's output gate holds the answer until storage confirms), so a 2xx'd
 * event survives eviction and restarts. The shard coalesces its queues into
 * batches, asks the partner's {@link UpstreamRateLimiter} for a permit per
 * call, retries with backoff, splits refused batches, dead-letters offenders,
 * and forgets an event only once its destination has taken it.
 */
export class VisitorBuffer extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly settings: BufferSettings;
  private readonly inFlightCalls: InFlightCalls;
  private readonly possibleDuplicates: PossibleDuplicates;
  private readonly bounds: StorageBounds;
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
    this.sql = ctx.storage.sql;
    this.settings = bufferSettings(env);
    this.sql.exec(schema);
    this.inFlightCalls = new InFlightCalls(this.sql);
    this.possibleDuplicates = new PossibleDuplicates(this.sql);
    this.bounds = new StorageBounds(this.sql, this.settings.maxPendingPerShard);
    void ctx.blockConcurrencyWhile(async () => {
      this.alarmAt = await ctx.storage.getAlarm();
      this.noteUnsettledCalls();
      this.pump();
    });
  }

  /**
   * Durably queues a partner's validated events for every enabled destination
   * that takes them, dropping those whose `eventId` was seen within the dedupe
   * window, and records the request's rejected events for the health report.
   */
  accept(partnerId: string, events: readonly VisitorEvent[], rejections: readonly EventRejection[] = []): AcceptResult {
    const now = Date.now();
    const active = destinations.filter((destination) => destination.enabled(this.env));
    if (!this.bounds.hasRoomFor(events.length * active.length, now)) {
      logEvent('error', 'buffer_full', { partnerId, refused: events.length, maxPendingPerShard: this.settings.maxPendingPerShard });
      return { accepted: 0, duplicates: 0, full: true };
    }
    let duplicates = 0;
    this.ctx.storage.transactionSync(() => {
      for (const event of events) {
        const entry = { partnerId, visitor: visitorOf(event), method: event.method, ...(event.eventId ? { eventId: event.eventId } : {}) };
        if (event.eventId) {
          const insert = this.sql.exec('INSERT OR IGNORE INTO seen_events (partner_id, event_id, at) VALUES (?, ?, ?)', partnerId, event.eventId, now);
          if (insert.rowsWritten === 0) {
            duplicates++;
            this.record({ kind: 'duplicate', at: now, ...entry });
            continue;
          }
        }
        const stored = JSON.stringify(event);
        for (const destination of active) {
          if (!destination.accepts(event)) continue;
          this.sql.exec(
            'INSERT INTO pending (destination, partner_id, visitor, event, accepted_at) VALUES (?, ?, ?, ?, ?)',
            destination.name,
            partnerId,
            entry.visitor,
            stored,
            now,
          );
          this.bounds.inserted(1);
          const key = queueKey(destination.name, partnerId);
          this.sinceLastLook.set(key, (this.sinceLastLook.get(key) ?? 0) + 1);
          this.sql.exec('INSERT OR IGNORE INTO queues (destination, partner_id) VALUES (?, ?)', destination.name, partnerId);
        }
        this.record({ kind: 'accepted', at: now, ...entry });
      }
      for (const rejection of rejections) this.record({ kind: 'rejected', at: now, partnerId, ...rejection, reason: redact(rejection.reason).slice(0, 300) });
      this.count('accepted', events.length);
      this.count('duplicates', duplicates);
      this.count('rejected', rejections.length);
      this.pruneActivity();
    });
    const full = active.some((destination) => (this.sinceLastLook.get(queueKey(destination.name, partnerId)) ?? 0) >= destination.maxBatch(this.env));
    if (full) this.pump();
    else void this.wakeBy(now + this.settings.maxWaitMs);
    return { accepted: events.length, duplicates };
  }

  /** Counts and queue states of this shard; also makes sure its flushing is under way. */
  report(): ShardReport {
    this.pump();
    const counters = new Map(this.sql.exec<{ name: string; value: number }>('SELECT name, value FROM counters').toArray().map((row) => [row.name, row.value]));
    const queues = this.sql.exec<QueueState>('SELECT * FROM queues').toArray().map((queue): QueueReport => {
      const pending = this.sql
        .exec<{ n: number; oldest: number | null }>('SELECT COUNT(*) AS n, MIN(accepted_at) AS oldest FROM pending WHERE destination = ? AND partner_id = ?', queue.destination, queue.partner_id)
        .one();
      const counter = (name: string) => counters.get(`${queue.destination}:${queue.partner_id}:${name}`) ?? 0;
      return {
        destination: queue.destination,
        partnerId: queue.partner_id,
        pending: pending.n,
        oldestAcceptedAt: pending.oldest,
        state: queue.state as QueueReport['state'],
        attempts: queue.attempts,
        nextAttemptAt: queue.retry_at > Date.now() ? queue.retry_at : null,
        lastStatus: queue.last_status,
        lastReason: queue.last_reason,
        forwarded: counter('forwarded'),
        retried: counter('retried'),
        deadLettered: counter('dead_lettered'),
        possiblyDuplicated: counter('possibly_duplicated'),
        lastPossiblyDuplicatedAt: this.possibleDuplicates.lastAt(queue.destination, queue.partner_id),
      };
    });
    this.bounds.hasRoomFor(0, Date.now());
    return { fill: this.bounds.fill(), accepted: counters.get('accepted') ?? 0, rejected: counters.get('rejected') ?? 0, duplicates: counters.get('duplicates') ?? 0, queues };
  }

  /** The newest entries of this shard's recent-activity log, newest first; only those after `since` (epoch ms) if given. */
  activity(limit: number, since = 0): ActivityEntry[] {
    return this.sql
      .exec<{ entry: string }>('SELECT entry FROM activity WHERE at > ? ORDER BY id DESC LIMIT ?', since, limit)
      .toArray()
      .map((row) => JSON.parse(row.entry) as ActivityEntry);
  }

  /** The newest calls of this shard sent again with an unknown first outcome, newest first. */
  possiblyDuplicated(limit: number, since = 0): PossibleDuplicate[] {
    return this.possibleDuplicates.list(limit, since);
  }

  /** Adds a line from outside the buffer (a Sponsored Products answer) to the recent-activity log. */
  note(entry: ActivityEntry): void {
    this.record(entry);
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
      this.expire(now);
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
    for (const queue of this.sql.exec<QueueState>('SELECT * FROM queues').toArray()) {
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
        const rows = this.pendingRows(queue.destination, queue.partner_id);
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
        this.startBatch(destination, queue.partner_id, batch);
        wakeAt = Math.min(wakeAt, now + backstopMs);
      }
    }
    if (wakeAt !== Number.POSITIVE_INFINITY) void this.wakeBy(wakeAt);
  }

  private pendingRows(destination: string, partnerId: string): PendingRow[] {
    const rows = this.sql
      .exec<{ id: number; visitor: string; event: string; accepted_at: number }>(
        'SELECT id, visitor, event, accepted_at FROM pending WHERE destination = ? AND partner_id = ? ORDER BY id LIMIT ?',
        destination,
        partnerId,
        scanLimit + this.inFlightIds.size,
      )
      .toArray();
    return rows.filter((row) => !this.inFlightIds.has(row.id)).map((row) => ({ id: row.id, visitor: row.visitor, event: row.event, acceptedAt: row.accepted_at }));
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

  /** Sends one batch (split on 400), then settles each event: delivered, dead-lettered, or kept for a retry. */
  private async deliver(destination: Destination, partnerId: string, batch: PendingRow[]): Promise<void> {
    const events = new Map(batch.map((row) => [row.id, JSON.parse(row.event) as VisitorEvent]));
    // What the destination answered when it took events (200 from Retail Rocket, 204 from eSputnik…), for the activity log.
    let deliveredStatus = 200;
    // Calls whose record stays until the settling transaction: taken, or unanswered.
    const unsettled: { call: number; part: readonly PendingRow[]; sentAt: number; answered: boolean }[] = [];
    const result = await sendSplitting(batch, async (part): Promise<DeliveryOutcome> => {
      await this.permit(destination, partnerId);
      const sentAt = Date.now();
      const call = this.inFlightCalls.begin(destination.name, partnerId, part.map((row) => row.id), sentAt);
      // The record must be on disk before the call can reach the destination.
      await this.ctx.storage.sync();
      let outcome: DeliveryOutcome;
      try {
        outcome = await destination.send(
          this.env,
          partnerId,
          part.map((row) => events.get(row.id)!),
        );
      } catch (error) {
        outcome = { kind: 'retry', status: 0, reason: `destination threw: ${String(error).slice(0, 200)}` };
      }
      // An answer that refused the call settles its fate now; a 2xx or no answer at all is settled with the batch.
      if (outcome.kind !== 'delivered' && outcome.status !== 0) this.inFlightCalls.end(call);
      else unsettled.push({ call, part, sentAt, answered: outcome.kind === 'delivered' });
      if (outcome.kind === 'retry' && outcome.afterMs) {
        await this.limiter(destination, partnerId).pause(Date.now() + outcome.afterMs);
      }
      if (outcome.kind === 'delivered') deliveredStatus = outcome.status;
      return outcome;
    });
    const now = Date.now();
    const counterPrefix = `${destination.name}:${partnerId}:`;
    this.ctx.storage.transactionSync(() => {
      for (const { call, part, sentAt, answered } of unsettled) {
        this.inFlightCalls.end(call);
        if (!answered) this.notePossibleDuplicate(destination, partnerId, 'no_answer', sentAt, part, now);
      }
      const settled = [...result.delivered, ...result.deadLettered.map((dead) => dead.item)];
      for (const row of settled) this.sql.exec('DELETE FROM pending WHERE id = ?', row.id);
      for (const dead of result.deadLettered) this.deadLetter(destination.name, partnerId, dead.item, dead.status, dead.reason, now);
      this.count(`${counterPrefix}forwarded`, result.delivered.length);
      if (result.delivered.length > 0) {
        this.record({ kind: 'forwarded', at: now, destination: destination.name, partnerId, events: result.delivered.length, status: deliveredStatus, calls: result.calls });
      }
      const stop = result.stoppedBy;
      if (!stop) {
        this.sql.exec("UPDATE queues SET retry_at = 0, attempts = 0, state = 'ok' WHERE destination = ? AND partner_id = ?", destination.name, partnerId);
        return;
      }
      const queue = this.sql.exec<{ attempts: number }>('SELECT attempts FROM queues WHERE destination = ? AND partner_id = ?', destination.name, partnerId).one();
      const attempts = queue.attempts + 1;
      const reason = redact(stop.reason).slice(0, 300);
      const waitMs =
        stop.kind === 'unauthorized'
          ? this.settings.authRetryMs
          : retryDelayMs(attempts, { baseMs: this.settings.retryBaseMs, maxMs: this.settings.retryMaxMs }, stop.afterMs);
      this.sql.exec(
        'UPDATE queues SET retry_at = ?, attempts = ?, state = ?, last_status = ?, last_reason = ? WHERE destination = ? AND partner_id = ?',
        now + waitMs,
        attempts,
        stop.kind === 'unauthorized' ? 'unauthorized' : 'backing_off',
        stop.status,
        reason,
        destination.name,
        partnerId,
      );
      const entry = { at: now, destination: destination.name, partnerId, events: result.remaining.length, status: stop.status, reason, retryInMs: waitMs };
      if (stop.kind === 'unauthorized') {
        this.record({ kind: 'unauthorized', ...entry });
        logEvent('error', 'destination_unauthorized', { ...entry, attempts, action: `holding events; check the destination's key (e.g. wrangler secret put RR_API_KEY)` });
      } else {
        this.count(`${counterPrefix}retried`, result.remaining.length);
        this.record({ kind: 'retry', ...entry });
        logEvent('warn', 'batch_retry', { ...entry, attempts });
      }
    });
    if (result.delivered.length > 0) {
      logEvent('info', 'batch_forwarded', { destination: destination.name, partnerId, events: result.delivered.length, calls: result.calls });
    }
  }

  /**
   * Finds the calls an earlier instance of this shard left under way, whose
   * answers it never wrote: their events are still pending and will be sent
   * again, so each such call is counted, logged and kept as possibly
   * duplicated. Runs once as the shard starts, before it sends anything.
   */
  private noteUnsettledCalls(): void {
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      for (const call of this.inFlightCalls.takeUnsettled()) {
        const destination = destinations.find((candidate) => candidate.name === call.destination);
        const rows = this.sql
          .exec<{ id: number; visitor: string; event: string; accepted_at: number }>(
            `SELECT id, visitor, event, accepted_at FROM pending WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
            JSON.stringify(call.rowIds),
          )
          .toArray()
          .map((row) => ({ id: row.id, visitor: row.visitor, event: row.event, acceptedAt: row.accepted_at }));
        if (destination && rows.length > 0) this.notePossibleDuplicate(destination, call.partnerId, 'restart', call.sentAt, rows, now);
      }
    });
  }

  /** Counts, logs and keeps one call whose events go again although the destination may hold them. */
  private notePossibleDuplicate(destination: Destination, partnerId: string, cause: PossibleDuplicate['cause'], sentAt: number, rows: readonly PendingRow[], now: number): void {
    const entry = possibleDuplicate({ at: now, destination: destination.name, partnerId, cause, inFlightSince: sentAt, refusedUpstream: destination.refusesRepeats }, rows);
    this.possibleDuplicates.record(entry);
    this.count(`${destination.name}:${partnerId}:possibly_duplicated`, entry.events);
    const summary = { at: now, destination: destination.name, partnerId, cause, events: entry.events, orders: entry.orderTransactions.length, inFlightSince: sentAt, refusedUpstream: entry.refusedUpstream };
    this.record({ kind: 'possibly_duplicated', ...summary });
    logEvent('warn', 'possibly_duplicated', summary);
  }

  /** Waits until the partner's rate limiter grants one upstream call. */
  private async permit(destination: Destination, partnerId: string): Promise<void> {
    const limiter = this.limiter(destination, partnerId);
    const rate = destination.ratePerSecond(this.env);
    for (;;) {
      const waitMs = await limiter.acquire(rate);
      if (waitMs === 0) return;
      await sleep(waitMs);
    }
  }

  private limiter(destination: Destination, partnerId: string) {
    return this.env.UPSTREAM_LIMITER.getByName(`${destination.name}:${partnerId}`);
  }

  private deadLetter(destination: string, partnerId: string, row: PendingRow, status: number, reason: string, now: number): void {
    const clean = redact(reason).slice(0, 500);
    this.sql.exec(
      'INSERT INTO dead_letters (destination, partner_id, event, status, reason, accepted_at, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      destination,
      partnerId,
      row.event,
      status,
      clean,
      row.acceptedAt,
      now,
    );
    this.count(`${destination}:${partnerId}:dead_lettered`, 1);
    const event = JSON.parse(row.event) as VisitorEvent;
    const entry = {
      at: now,
      destination,
      partnerId,
      visitor: row.visitor,
      method: event.method,
      ...(event.eventId ? { eventId: event.eventId } : {}),
      status,
      reason: clean,
    };
    this.record({ kind: 'dead_letter', ...entry });
    logEvent('error', 'dead_letter', entry);
  }

  /** Dead-letters events older than the retention, and forgets old event ids and dead letters. */
  private expire(now: number): void {
    const { retentionMs, heldRetentionMs } = this.settings;
    this.ctx.storage.transactionSync(() => {
      const expired = this.sql
        .exec<{ id: number; destination: string; partner_id: string; visitor: string; event: string; accepted_at: number; held: number }>(
          // Events held for a wrong key are kept longer (HELD_RETENTION_HOURS): a person fixes the key, not waiting.
          `SELECT id, destination, partner_id, visitor, event, accepted_at, held FROM (
             SELECT pending.*, EXISTS (SELECT 1 FROM queues WHERE queues.destination = pending.destination
                                       AND queues.partner_id = pending.partner_id AND queues.state = 'unauthorized') AS held
             FROM pending WHERE accepted_at < ?)
           WHERE accepted_at < (CASE WHEN held THEN ? ELSE ? END)
           ORDER BY accepted_at LIMIT 5000`,
          now - Math.min(retentionMs, heldRetentionMs),
          now - heldRetentionMs,
          now - retentionMs,
        )
        .toArray()
        .filter((row) => !this.inFlightIds.has(row.id));
      const hours = (ms: number) => ms / 3_600_000;
      for (const row of expired) {
        this.sql.exec('DELETE FROM pending WHERE id = ?', row.id);
        const pendingRow = { id: row.id, visitor: row.visitor, event: row.event, acceptedAt: row.accepted_at };
        const reason = row.held
          ? `held for a refused key longer than ${hours(heldRetentionMs)} h (HELD_RETENTION_HOURS)`
          : `not delivered within the retention of ${hours(retentionMs)} h`;
        this.deadLetter(row.destination, row.partner_id, pendingRow, 0, reason, now);
      }
      this.sql.exec('DELETE FROM seen_events WHERE at < ?', now - this.settings.dedupeMs);
      this.bounds.trimSeenEvents();
      this.sql.exec('DELETE FROM dead_letters WHERE at < ?', now - deadLetterKeepMs);
    });
  }

  /** Makes sure the alarm fires no later than `at`. */
  private async wakeBy(at: number): Promise<void> {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  private count(name: string, by: number): void {
    if (by === 0) return;
    this.sql.exec('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value', name, by);
  }

  private record(entry: ActivityEntry): void {
    this.sql.exec('INSERT INTO activity (at, entry) VALUES (?, ?)', entry.at, JSON.stringify(entry));
  }

  private pruneActivity(): void {
    this.sql.exec('DELETE FROM activity WHERE id <= (SELECT MAX(id) FROM activity) - ?', activityKept);
  }
}
