import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VisitorEvent } from '@rrelay/protocol';
import type { UpstreamBehaviour } from '../../local-upstream/local-upstream.ts';
import { startRelayUnderTest, type RelayUnderTest } from './relay-under-test.ts';

// The relay under `wrangler dev` against the local upstream made to fail. Every
// scenario ends by checking that the upstream received every accepted event
// exactly once, in each visitor's order, and never in two overlapping calls.

const apiKey = 'failure-test-key-3b9a';
const healthToken = 'health-token-for-tests-51c7';
let relay: RelayUnderTest;
let run = 0;
let sequence = 0;

const calm: Partial<UpstreamBehaviour> = { latencyMs: 5, failStatus: 0, failNext: 0, dropNext: 0, rejectProductIds: [], refuseKey: false, rateLimit: 50 };

beforeAll(async () => {
  relay = await startRelayUnderTest({
    portOffset: 20,
    apiKey,
    healthToken,
    upstream: { behaviour: calm },
    vars: { BATCH_SIZE: '20', BATCH_MAX_WAIT_MS: '300', RETRY_BASE_MS: '300', RETRY_MAX_MS: '3000', AUTH_RETRY_SECONDS: '1', CLIENT_LIMIT: 'off' },
  });
});
afterAll(() => relay.stop());
beforeEach(() => {
  relay.upstream.accepted.length = 0;
  relay.upstream.calls.length = 0;
  Object.assign(relay.upstream.behaviour, calm);
  run++;
});

/** Events sent by the test, per visitor, in the order each visitor sent them. */
type Sent = Map<string, VisitorEvent[]>;

/** `visitors` visitors each send `perVisitor` views, one request per round (all visitors of a round in one batch). */
async function sendViews(visitors: number, perVisitor: number, productId = (round: number) => 1000 + round): Promise<Sent> {
  const sent: Sent = new Map();
  for (let round = 0; round < perVisitor; round++) {
    const envelopes = Array.from({ length: visitors }, (_, v) => {
      const sessionExternalId = `r${run}v${v}`;
      const body = { sessionExternalId, timestamp: new Date().toISOString(), productId: productId(round) };
      const eventId = `run${run}-v${v}-e${sequence++}`;
      sent.set(sessionExternalId, [...(sent.get(sessionExternalId) ?? []), { method: 'view', body, eventId }]);
      return { view: body, eventId };
    });
    await ingest(envelopes);
  }
  return sent;
}

async function ingest(envelopes: unknown[]) {
  const response = await relay.ingest(envelopes);
  expect(response.status).toBe(200);
  return (await response.json()) as { accepted: number; rejected: unknown[] };
}

const key = (event: VisitorEvent) => JSON.stringify([event.method, event.body]);

/**
 * Waits until the upstream holds every expected event, then checks it holds each
 * exactly once, in each visitor's order, and that no two accepted calls holding
 * the same visitor overlapped in time.
 */
async function expectDeliveredExactlyOnce(expected: Sent, timeout = 30_000) {
  const want = [...expected.values()].flat().map(({ method, body }) => ({ method, body }));
  const wanted = new Set(want.map(key));
  const mine = () => relay.upstream.accepted.flatMap((call) => call.events).filter((event) => wanted.has(key(event)));
  await expect.poll(() => new Set(mine().map(key)).size, { timeout, interval: 200 }).toBe(wanted.size);
  await new Promise((resolve) => setTimeout(resolve, 500)); // late duplicates would arrive now
  const got = mine();
  expect(got.length).toBe(want.length);
  for (const [visitor, events] of expected) {
    expect(got.filter((event) => event.body.sessionExternalId === visitor).map(key)).toEqual(events.map(key));
  }
  const calls = relay.upstream.accepted.filter((call) => call.method === 'visitorEvents');
  for (const [i, a] of calls.entries()) {
    for (const b of calls.slice(i + 1)) {
      const shared = a.events.some((event) => b.events.some((other) => other.body.sessionExternalId === event.body.sessionExternalId));
      if (shared) expect(a.at <= b.receivedAt || b.at <= a.receivedAt, 'two calls holding one visitor overlapped').toBe(true);
    }
  }
}

const health = () => relay.health();
const activity = () => relay.activity();

describe('the relay buffer when the upstream fails', () => {
  it('coalesces beacons from many visitors into few visitorEvents calls', async () => {
    // 40 beacons of one event each, from 10 visitors, sent together (each visitor's in order).
    const sent: Sent = new Map();
    await Promise.all(
      Array.from({ length: 10 }, async (_, v) => {
        const sessionExternalId = `r${run}v${v}`;
        for (let round = 0; round < 4; round++) {
          const body = { sessionExternalId, timestamp: new Date().toISOString(), productId: 3000 + round };
          const eventId = `run${run}-v${v}-e${sequence++}`;
          sent.set(sessionExternalId, [...(sent.get(sessionExternalId) ?? []), { method: 'view', body, eventId }]);
          await ingest([{ view: body, eventId }]);
        }
      }),
    );
    await expectDeliveredExactlyOnce(sent);
    // Batches close when full (20) or after 300 ms, per shard (4): far fewer calls than beacons.
    expect(relay.upstream.accepted.length).toBeLessThanOrEqual(20);
    expect(Math.max(...relay.upstream.accepted.map((call) => call.events.length))).toBeGreaterThanOrEqual(4);
    expect(relay.upstream.accepted.every((call) => call.events.length <= 20)).toBe(true);
  });

  it('retries through a burst of 5xx answers', async () => {
    relay.upstream.behaviour.failNext = 3;
    relay.upstream.behaviour.failNextStatus = 503;
    const sent = await sendViews(6, 5);
    await expectDeliveredExactlyOnce(sent);
    expect(relay.upstream.calls.filter((call) => call.status === 503).length).toBe(3);
    const report = await health();
    expect(report.counts.retried).toBeGreaterThan(0);
    expect((await activity()).some((entry) => entry.kind === 'retry' && entry.status === 503)).toBe(true);
  });

  it('waits as long as a 429 asks with Retry-After', async () => {
    Object.assign(relay.upstream.behaviour, { failNext: 1, failNextStatus: 429, retryAfterSeconds: 2 });
    // One visitor, so one shard and one queue: the only calls are the refused one and its retry.
    const sent = await sendViews(1, 3);
    await expectDeliveredExactlyOnce(sent);
    expect(relay.upstream.calls.map((call) => call.status)).toEqual([429, 200]);
    expect(relay.upstream.calls[1]!.at - relay.upstream.calls[0]!.at).toBeGreaterThanOrEqual(1900);
  });

  it('retries dropped connections', async () => {
    relay.upstream.behaviour.dropNext = 2;
    const sent = await sendViews(5, 3);
    await expectDeliveredExactlyOnce(sent);
    expect(relay.upstream.calls.filter((call) => call.status === 0).length).toBe(2);
  });

  it('keeps order and never overlaps a visitor’s batches when answers are slow', async () => {
    relay.upstream.behaviour.latencyMs = 1200;
    const sent: Sent = new Map();
    for (let wave = 0; wave < 3; wave++) {
      for (const [visitor, events] of await sendViews(30, 2)) sent.set(visitor, [...(sent.get(visitor) ?? []), ...events]);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    await expectDeliveredExactlyOnce(sent, 45_000);
  });

  it('splits a batch answered 400, forwards the good events and dead-letters the bad one with the reason', async () => {
    relay.upstream.behaviour.rejectProductIds = [777];
    const sent = await sendViews(8, 2, (round) => 2000 + round);
    const bad = { view: { sessionExternalId: `r${run}bad`, timestamp: new Date().toISOString(), productId: 777 }, eventId: `run${run}-bad-0001` };
    await ingest([bad]);
    await expectDeliveredExactlyOnce(sent);
    await expect.poll(async () => (await activity()).find((entry) => entry.kind === 'dead_letter' && entry.eventId === bad.eventId), { timeout: 15_000 }).toMatchObject({
      status: 400,
      reason: expect.stringContaining('product 777 is not in the feed'),
    });
    expect(relay.upstream.accepted.flatMap((call) => call.events).some((event) => (event.body as { productId?: number }).productId === 777)).toBe(false);
    expect((await health()).counts.deadLettered).toBeGreaterThanOrEqual(1);
  });

  it('holds events while the key is refused, says so in the health report, and delivers them once it is fixed', async () => {
    relay.upstream.behaviour.refuseKey = true;
    const sent = await sendViews(4, 3);
    await expect.poll(async () => (await health()).destinations.find((d) => d.destination === 'retailrocket')?.state, { timeout: 15_000 }).toBe('unauthorized');
    const report = await health();
    expect(report.ok).toBe(false);
    expect(report.alerts.join(' ')).toMatch(/refuses the key/);
    expect(report.counts.pending).toBeGreaterThanOrEqual(12);
    expect(JSON.stringify(report)).not.toContain(apiKey);
    expect(relay.upstream.accepted.length).toBe(0);
    relay.upstream.behaviour.refuseKey = false;
    await expectDeliveredExactlyOnce(sent);
    await expect.poll(async () => (await health()).ok, { timeout: 10_000 }).toBe(true);
  });

  it('drops a resent event id and keeps held events across a relay restart', async () => {
    relay.upstream.behaviour.refuseKey = true;
    const sent = await sendViews(3, 2);
    const again = [...sent.values()].flat().map((event) => ({ view: event.body, eventId: event.eventId }));
    await ingest(again);
    await relay.restart();
    // Nothing touches the relay now: the shards' stored alarms must resume the delivery.
    relay.upstream.behaviour.refuseKey = false;
    await expectDeliveredExactlyOnce(sent);
    await ingest(again); // a replayed offline store after the restart
    await expectDeliveredExactlyOnce(sent);
    expect((await health()).counts.duplicates).toBeGreaterThanOrEqual(12);
  });

  it('dead-letters events the upstream never took within the retention, and says why', async () => {
    await relay.restart({ RETENTION_HOURS: '0.001' }); // 3.6 s
    relay.upstream.behaviour.failStatus = 503;
    const sent = await sendViews(2, 2);
    const ids = [...sent.values()].flat().map((event) => event.eventId);
    await expect
      .poll(async () => (await activity()).filter((entry) => entry.kind === 'dead_letter' && ids.includes(entry.eventId as string)).length, { timeout: 30_000, interval: 500 })
      .toBe(4);
    const dead = (await activity()).find((entry) => entry.kind === 'dead_letter' && entry.eventId === ids[0]);
    expect(dead).toMatchObject({ status: 0, reason: 'not delivered within the retention of 0.001 h' });
    expect(relay.upstream.calls.filter((call) => call.status === 503).length).toBeGreaterThan(1);
    expect((await health()).counts.pending).toBe(0);
    expect(relay.upstream.accepted.length).toBe(0);
  });

  it('refuses the health report and the activity log without the token', async () => {
    expect((await fetch(`${relay.relayUrl}/health/report`)).status).toBe(401);
    expect((await fetch(`${relay.relayUrl}/admin/activity`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });
});
