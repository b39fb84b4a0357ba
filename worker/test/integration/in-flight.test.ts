import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { atNow, validStoreBodies } from '@rrelay/protocol/example-bodies';
import { startRelay, stopProcess, testPorts } from '../../../scripts/stack.ts';
import { startLocalUpstream, type LocalUpstream } from '../../local-upstream/local-upstream.ts';

// The relay under `wrangler dev` stopped while a call is under way: the local
// upstream has taken the events but holds its answer back, so the relay never
// hears it. Retail Rocket has no idempotency key, so the relay must send the
// events again (at least once) and say exactly which ones may now be counted
// twice; eSputnik refuses the repeat itself, which the relay reports too.

const partnerId = '608423a9b126ac6ab3f8f0a5';
const apiKey = 'in-flight-test-key-8e21';
const healthToken = 'health-token-for-in-flight-4d2a';
const siteId = 'in-flight-site';
const { relayPort } = testPorts(30);
const relayUrl = `http://127.0.0.1:${relayPort}`;
const persistTo = mkdtempSync(join(tmpdir(), 'rrelay-in-flight-'));
let upstream: LocalUpstream;
let relay: ChildProcess;
let vars: Record<string, string>;
let run = 0;

/** One call of `GET /admin/possible-duplicates` (worker/src/buffer/possible-duplicates.ts). */
interface PossibleDuplicate {
  at: number;
  destination: string;
  partnerId: string;
  cause: string;
  inFlightSince: number;
  events: number;
  visitors: Record<string, number>;
  orderTransactions: string[];
  refusedUpstream: boolean;
}

beforeAll(async () => {
  upstream = await startLocalUpstream({ apiKey, partnerIds: [partnerId], behaviour: { latencyMs: 5 }, esputnik: { siteIds: [siteId] } });
  vars = {
    RR_API_KEY: apiKey,
    RR_PARTNER_ID: partnerId,
    RR_TRACKING_URL: `${upstream.url}/1.0/`,
    RR_SP_URL: `${upstream.url}/v1/`,
    HEALTH_TOKEN: healthToken,
    ESPUTNIK_SITE_ID: siteId,
    ESPUTNIK_URL: `${upstream.url}/esputnik/api/v2`,
    BATCH_SIZE: '20',
    BATCH_MAX_WAIT_MS: '300',
    RETRY_BASE_MS: '300',
    RETRY_MAX_MS: '3000',
    CLIENT_LIMIT: 'off',
  };
  relay = await startRelay(relayPort, vars, persistTo);
});
afterAll(async () => {
  await stopProcess(relay);
  await upstream.close();
});
beforeEach(() => {
  upstream.accepted.length = 0;
  upstream.calls.length = 0;
  upstream.esputnik.reset();
  run++;
});

const bearer = { headers: { authorization: `Bearer ${healthToken}` } };

async function ingest(envelopes: unknown[]) {
  const response = await fetch(`${relayUrl}/1.0/visitorEvents?partnerId=${partnerId}`, { method: 'POST', body: JSON.stringify(envelopes) });
  expect(response.status).toBe(200);
}

async function health() {
  const response = await fetch(`${relayUrl}/health/report`, bearer);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    ok: boolean;
    notices: string[];
    counts: Record<string, number>;
    destinations: { destination: string; possiblyDuplicated: number; lastPossiblyDuplicatedAt: number | null }[];
  };
}

async function possibleDuplicates(): Promise<PossibleDuplicate[]> {
  const response = await fetch(`${relayUrl}/admin/possible-duplicates`, bearer);
  expect(response.status).toBe(200);
  return ((await response.json()) as { calls: PossibleDuplicate[] }).calls;
}

async function activity() {
  const response = await fetch(`${relayUrl}/admin/activity?limit=500`, bearer);
  return ((await response.json()) as { entries: { kind: string; [field: string]: unknown }[] }).entries;
}

async function restartRelay() {
  await stopProcess(relay);
  relay = await startRelay(relayPort, vars, persistTo);
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
    const before = (await health()).counts.possiblyDuplicated ?? 0;
    upstream.behaviour.holdAnswerNext = 1;
    await ingest(events);
    // The upstream has taken the call and holds its answer: the relay's fate for it is unknown.
    await expect.poll(() => upstream.accepted.length, { timeout: 10_000 }).toBe(1);
    expect(upstream.accepted[0]!.events.map((event) => event.method)).toEqual(['view', 'view', 'order']);
    const stoppedAt = Date.now();
    await restartRelay();

    // Sent again, whole and in order: at least once beats at most once for a store.
    await expect.poll(() => upstream.accepted.length, { timeout: 30_000 }).toBe(2);
    expect(upstream.accepted[1]!.events).toEqual(upstream.accepted[0]!.events);

    const [call] = (await possibleDuplicates()).filter((entry) => entry.visitors[visitor]);
    expect(call).toMatchObject({ destination: 'retailrocket', partnerId, cause: 'restart', events: 3, visitors: { [visitor]: 3 }, orderTransactions: [`T-${run}`], refusedUpstream: false });
    expect(call!.inFlightSince).toBeLessThanOrEqual(stoppedAt);
    expect(call!.at).toBeGreaterThan(stoppedAt);

    const report = await health();
    expect(report.counts.possiblyDuplicated).toBe(before + 3);
    expect(report.destinations.find((queue) => queue.destination === 'retailrocket')!.lastPossiblyDuplicatedAt).toBe(call!.at);
    expect(report.notices.join('\n')).toMatch(/retailrocket \(partner \w+\): \d+ events may have arrived twice/);
    // Not an alert: nothing for a person to fix.
    expect(report.ok).toBe(true);
    expect(await activity()).toContainEqual(expect.objectContaining({ kind: 'possibly_duplicated', destination: 'retailrocket', cause: 'restart', events: 3, orders: 1 }));
  });

  it('sends eSputnik the event again, which it refuses as duplicated, so it arrives once', async () => {
    const cart = { cart: { ...atNow(validStoreBodies.cart), sessionExternalId: `inflightcart${run}`, cartId: `cart-${run}` }, eventId: `run${run}-cart-00001` };
    upstream.esputnik.behaviour.holdAnswerNext = 1;
    await ingest([cart]);
    await expect.poll(() => upstream.esputnik.accepted.length, { timeout: 10_000 }).toBe(1);
    await restartRelay();

    // The resend meets eSputnik's duplicate check, which the relay counts as delivered.
    await expect.poll(() => upstream.esputnik.refused.filter((refusal) => refusal.error === 'Duplicated event').length, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await health()).counts.pending, { timeout: 10_000 }).toBe(0);
    expect(upstream.esputnik.accepted.length).toBe(1);

    const [call] = (await possibleDuplicates()).filter((entry) => entry.visitors[`inflightcart${run}`]);
    expect(call).toMatchObject({ destination: 'esputnik', cause: 'restart', events: 1, refusedUpstream: true });
    expect((await health()).notices.join('\n')).toMatch(/esputnik \(partner \w+\): \d+ events were sent again .* it refuses repeats, so none arrives twice/);
  });

  it('reports a call that got no answer (a dropped connection) before sending it again', async () => {
    const visitor = `dropped${run}`;
    upstream.behaviour.dropNext = 1;
    await ingest([{ view: { sessionExternalId: visitor, timestamp: new Date().toISOString(), productId: 21 }, eventId: `run${run}-drop-0001` }]);
    await expect.poll(() => upstream.accepted.length, { timeout: 15_000 }).toBe(1);
    const [call] = (await possibleDuplicates()).filter((entry) => entry.visitors[visitor]);
    expect(call).toMatchObject({ destination: 'retailrocket', cause: 'no_answer', events: 1, refusedUpstream: false });
  });

  it('reports nothing for calls that were answered, whatever the answer', async () => {
    const visitor = `answered${run}`;
    upstream.behaviour.failNext = 1;
    upstream.behaviour.failNextStatus = 503;
    await ingest([{ view: { sessionExternalId: visitor, timestamp: new Date().toISOString(), productId: 31 }, eventId: `run${run}-ans-00001` }]);
    await expect.poll(() => upstream.accepted.length, { timeout: 15_000 }).toBe(1);
    await restartRelay();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await possibleDuplicates()).filter((entry) => entry.visitors[visitor])).toEqual([]);
    expect(upstream.accepted.flatMap((accepted) => accepted.events).filter((event) => event.body.sessionExternalId === visitor).length).toBe(1);
  });

  it('refuses the list without the token', async () => {
    expect((await fetch(`${relayUrl}/admin/possible-duplicates`)).status).toBe(401);
  });
});
