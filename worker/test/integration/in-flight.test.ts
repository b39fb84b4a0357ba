import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { atNow, validStoreBodies } from '@rrelay/protocol/example-bodies';
import { startRelayUnderTest, type RelayUnderTest } from './relay-under-test.ts';

// The relay under `wrangler dev` stopped while a call is under way: the local
// upstream has taken the events but holds its answer back, so the relay never
// hears it. Retail Rocket has no idempotency key, so the relay must send the
// events again (at least once) and say exactly which ones may now be counted
// twice; eSputnik refuses the repeat itself, which the relay reports too.

const siteId = 'in-flight-site';
let relay: RelayUnderTest;
let run = 0;

beforeAll(async () => {
  relay = await startRelayUnderTest({
    portOffset: 30,
    apiKey: 'in-flight-test-key-8e21',
    healthToken: 'health-token-for-in-flight-4d2a',
    upstream: { behaviour: { latencyMs: 5 }, esputnik: { siteIds: [siteId] } },
    vars: (upstreamUrl) => ({
      ESPUTNIK_SITE_ID: siteId,
      ESPUTNIK_URL: `${upstreamUrl}/esputnik/api/v2`,
      BATCH_SIZE: '20',
      BATCH_MAX_WAIT_MS: '300',
      RETRY_BASE_MS: '300',
      RETRY_MAX_MS: '3000',
      CLIENT_LIMIT: 'off',
    }),
  });
});
afterAll(() => relay.stop());
beforeEach(() => {
  relay.upstream.accepted.length = 0;
  relay.upstream.calls.length = 0;
  relay.upstream.esputnik.reset();
  run++;
});

async function ingest(envelopes: unknown[]) {
  expect((await relay.ingest(envelopes)).status).toBe(200);
}

describe('a call under way when the relay stops', () => {
  it('sends Retail Rocket the events again and reports them as possibly duplicated, with their visitor and order lines', async () => {
    const visitor = `inflight${run}`;
    const timestamp = new Date().toISOString();
    const events = [
      { view: { sessionExternalId: visitor, timestamp, productId: 11 }, eventId: `run${run}-view-0001` },
      { view: { sessionExternalId: visitor, timestamp, productId: 12 }, eventId: `run${run}-view-0002` },
      { order: { sessionExternalId: visitor, timestamp, productId: 12, price: 9.5, quantity: 1, transaction: `T-${run}` }, eventId: `run${run}-order-001` },
    ];
    const before = (await relay.health()).counts.possiblyDuplicated ?? 0;
    relay.upstream.behaviour.holdAnswerNext = 1;
    await ingest(events);
    // The upstream has taken the call and holds its answer: the relay's fate for it is unknown.
    await expect.poll(() => relay.upstream.accepted.length, { timeout: 10_000 }).toBe(1);
    expect(relay.upstream.accepted[0]!.events.map((event) => event.method)).toEqual(['view', 'view', 'order']);
    const stoppedAt = Date.now();
    await relay.restart();

    // Sent again, whole and in order: at least once beats at most once for a store.
    await expect.poll(() => relay.upstream.accepted.length, { timeout: 30_000 }).toBe(2);
    expect(relay.upstream.accepted[1]!.events).toEqual(relay.upstream.accepted[0]!.events);

    const [call] = (await relay.possibleDuplicates()).filter((entry) => entry.visitors[visitor]);
    expect(call).toMatchObject({ destination: 'retailrocket', partnerId: relay.partnerId, cause: 'restart', events: 3, visitors: { [visitor]: 3 }, orderTransactions: [`T-${run}`], refusedUpstream: false });
    expect(call!.inFlightSince).toBeLessThanOrEqual(stoppedAt);
    expect(call!.at).toBeGreaterThan(stoppedAt);

    const report = await relay.health();
    expect(report.counts.possiblyDuplicated).toBe(before + 3);
    expect(report.destinations.find((queue) => queue.destination === 'retailrocket')!.lastPossiblyDuplicatedAt).toBe(call!.at);
    expect(report.notices.join('\n')).toMatch(/retailrocket \(partner \w+\): \d+ events may have arrived twice/);
    // Not an alert: nothing for a person to fix.
    expect(report.ok).toBe(true);
    expect(await relay.activity()).toContainEqual(expect.objectContaining({ kind: 'possibly_duplicated', destination: 'retailrocket', cause: 'restart', events: 3, orders: 1 }));
  });

  it('sends eSputnik the event again, which it refuses as duplicated, so it arrives once', async () => {
    const cart = { cart: { ...atNow(validStoreBodies.cart), sessionExternalId: `inflightcart${run}`, cartId: `cart-${run}` }, eventId: `run${run}-cart-00001` };
    relay.upstream.esputnik.behaviour.holdAnswerNext = 1;
    await ingest([cart]);
    await expect.poll(() => relay.upstream.esputnik.accepted.length, { timeout: 10_000 }).toBe(1);
    await relay.restart();

    // The resend meets eSputnik's duplicate check, which the relay counts as delivered.
    await expect.poll(() => relay.upstream.esputnik.refused.filter((refusal) => refusal.error === 'Duplicated event').length, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await relay.health()).counts.pending, { timeout: 10_000 }).toBe(0);
    expect(relay.upstream.esputnik.accepted.length).toBe(1);

    const [call] = (await relay.possibleDuplicates()).filter((entry) => entry.visitors[`inflightcart${run}`]);
    expect(call).toMatchObject({ destination: 'esputnik', cause: 'restart', events: 1, refusedUpstream: true });
    expect((await relay.health()).notices.join('\n')).toMatch(/esputnik \(partner \w+\): \d+ events were sent again .* it refuses repeats, so none arrives twice/);
  });

  it('reports a call that got no answer (a dropped connection) before sending it again', async () => {
    const visitor = `dropped${run}`;
    relay.upstream.behaviour.dropNext = 1;
    await ingest([{ view: { sessionExternalId: visitor, timestamp: new Date().toISOString(), productId: 21 }, eventId: `run${run}-drop-0001` }]);
    await expect.poll(() => relay.upstream.accepted.length, { timeout: 15_000 }).toBe(1);
    const [call] = (await relay.possibleDuplicates()).filter((entry) => entry.visitors[visitor]);
    expect(call).toMatchObject({ destination: 'retailrocket', cause: 'no_answer', events: 1, refusedUpstream: false });
  });

  it('reports nothing for calls that were answered, whatever the answer', async () => {
    const visitor = `answered${run}`;
    relay.upstream.behaviour.failNext = 1;
    relay.upstream.behaviour.failNextStatus = 503;
    await ingest([{ view: { sessionExternalId: visitor, timestamp: new Date().toISOString(), productId: 31 }, eventId: `run${run}-ans-00001` }]);
    await expect.poll(() => relay.upstream.accepted.length, { timeout: 15_000 }).toBe(1);
    await relay.restart();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await relay.possibleDuplicates()).filter((entry) => entry.visitors[visitor])).toEqual([]);
    expect(relay.upstream.accepted.flatMap((accepted) => accepted.events).filter((event) => event.body.sessionExternalId === visitor).length).toBe(1);
  });

  it('refuses the list without the token', async () => {
    expect((await fetch(`${relay.relayUrl}/admin/possible-duplicates`)).status).toBe(401);
  });
});
