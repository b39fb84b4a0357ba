// The backlog benchmark: 100,000 events pile up while the local upstream refuses
// every call (an outage), then it comes back. Prints how long the relay took to
// deliver them against the floor its rate cap allows, and the ingest of new
// beacons before and while it drains. Loopback only, about two minutes:
//   RRELAY_TEST_PORT_BASE=33000 npx -y pnpm@10 --filter @rrelay/bench run drain [--events 100000]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRelay, stopProcess } from '../scripts/stack.ts';
import { startLocalUpstream } from '../worker/local-upstream/local-upstream.ts';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '100000' } } });
const backlog = Math.max(1000, Math.floor(Number(args.events)));
const partnerId = '608423a9b126ac6ab3f8f0a5';
const apiKey = 'drain-bench-key-51aa';
const healthToken = 'drain-bench-token-0b7e';
const base = Number(process.env.RRELAY_TEST_PORT_BASE ?? 18000) + 50;
const batchSize = 200;
const upstreamRps = 50;
/** Permits per second the relay's limiter grants at UPSTREAM_RPS 50 (spaced over a 1.1 s window). */
const grantedPerSecond = 45;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const timestamp = () => `${new Date().toISOString().slice(0, 19)}+00:00`;

const upstream = await startLocalUpstream({ port: base + 2, apiKey, partnerIds: [partnerId], behaviour: { latencyMs: 100, rateLimit: upstreamRps, failStatus: 503 } });
const relayUrl = `http://127.0.0.1:${base + 1}`;
const relay = await startRelay(
  base + 1,
  {
    RR_API_KEY: apiKey,
    RR_PARTNER_ID: partnerId,
    RR_TRACKING_URL: `${upstream.url}/1.0/`,
    RR_SP_URL: `${upstream.url}/v1/`,
    HEALTH_TOKEN: healthToken,
    UPSTREAM_RPS: String(upstreamRps),
    BATCH_SIZE: String(batchSize),
    // Retries at most a second apart, so the drain starts as soon as the upstream is back.
    RETRY_BASE_MS: '200',
    RETRY_MAX_MS: '1000',
    CLIENT_LIMIT: 'off',
  },
  mkdtempSync(join(tmpdir(), 'rrelay-drain-')),
);

let sequence = 0;
/** A server client's batch: `count` views, each visitor's in order, with event ids. */
function batch(count: number, visitors = 500): string {
  return JSON.stringify(
    Array.from({ length: count }, () => {
      const id = sequence++;
      return { view: { sessionExternalId: `drain${id % visitors}`, timestamp: timestamp(), productId: 1 + id }, eventId: `drain-${process.pid}-${id}` };
    }),
  );
}
const post = (body: string) => fetch(`${relayUrl}/1.0/visitorEvents?partnerId=${partnerId}`, { method: 'POST', body });
const pending = async () =>
  ((await (await fetch(`${relayUrl}/health/report`, { headers: { authorization: `Bearer ${healthToken}` } })).json()) as { counts: { pending: number } }).counts.pending;

/** 8 clients post beacons of 2 events back to back for `seconds`: requests/s and p50 latency. */
async function ingestProbe(seconds: number): Promise<{ perSecond: number; p50: number }> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (performance.now() < end) {
        const sentAt = performance.now();
        await (await post(batch(2))).arrayBuffer();
        latencies.push(performance.now() - sentAt);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / seconds, p50: latencies[Math.floor(latencies.length / 2)] ?? Number.NaN };
}

try {
  // 1. The outage: the upstream refuses everything while the backlog is accepted.
  const fillStart = performance.now();
  const requests = Math.ceil(backlog / 500);
  for (let sent = 0; sent < requests; sent += 8) {
    await Promise.all(Array.from({ length: Math.min(8, requests - sent) }, async () => {
      const response = await post(batch(500));
      if (!response.ok) throw new Error(`backlog request answered ${response.status}`);
    }));
  }
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const before = await ingestProbe(3);
  const held = await pending();

  // 2. The upstream is back: time until every event has arrived, and ingest meanwhile.
  upstream.accepted.length = 0;
  upstream.calls.length = 0;
  const drainStart = performance.now();
  upstream.behaviour.failStatus = 0;
  const during = await ingestProbe(3);
  const delivered = () => new Set(upstream.accepted.flatMap((call) => call.events.map((event) => (event.body as { productId: number }).productId))).size;
  while (delivered() < sequence && performance.now() - drainStart < 180_000) await sleep(100);
  const drainSeconds = (performance.now() - drainStart) / 1000;
  const floorSeconds = sequence / (grantedPerSecond * batchSize);
  const calls = upstream.calls.filter((call) => call.status === 200);

  console.log(`
rrelay backlog drain (${new Date().toISOString()}, ${process.platform}/${process.arch}, Node ${process.version}, loopback, upstream latency 100 ms, limit ${upstreamRps}/s, BATCH_SIZE ${batchSize})

  backlog accepted during the outage  ${held.toLocaleString('en-US')} events pending (${backlog.toLocaleString('en-US')} in ${fillSeconds.toFixed(1)} s, 500 per request)
  drained                             ${delivered().toLocaleString('en-US')} of ${sequence.toLocaleString('en-US')} events in ${drainSeconds.toFixed(1)} s, ${calls.length} calls of ${(delivered() / Math.max(1, calls.length)).toFixed(0)} events on average
  floor (events / (${grantedPerSecond} calls/s x ${batchSize}))          ${floorSeconds.toFixed(1)} s: drain / floor = ${(drainSeconds / floorSeconds).toFixed(2)}x (goal <= 1.5x)
  ingest, 8 clients, beacons of 2     before: ${before.perSecond.toFixed(0)} requests/s, p50 ${before.p50.toFixed(1)} ms; while draining: ${during.perSecond.toFixed(0)} requests/s, p50 ${during.p50.toFixed(1)} ms
`);
} finally {
  await stopProcess(relay);
  await upstream.close();
}
