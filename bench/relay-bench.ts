// The relay benchmark: figures on this machine, loopback only, bounded to about a minute.
//   RRELAY_TEST_PORT_BASE=33000 npx -y pnpm@10 --filter @rrelay/bench run relay
// 1. ingest: requests/s, events/s and latency p50/p99 of the relay under `wrangler dev`,
//    side by side with a bare hello-world worker under the same `wrangler dev` (runs
//    alternating, so the machine's load falls on both alike: the ratio is the figure)
//    and a pass-through worker (one upstream call per request);
// 2. coalescing: ~1,000 events/s from 500 visitors; upstream calls per 1,000 events;
// 3. the limit: a relay made to send one event per call (BATCH_SIZE=1) against a backlog;
//    the most upstream calls that arrived in any one-second window, against UPSTREAM_RPS.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { offlineWranglerEnv, startRelay, stopProcess } from '../scripts/stack.ts';
import { startLocalUpstream, type UpstreamCall } from '../worker/local-upstream/local-upstream.ts';
import { startHelloWorld } from './sponsored-bench-stack.ts';

const partnerId = '608423a9b126ac6ab3f8f0a5';
const apiKey = 'bench-api-key-0c3f';
const base = Number(process.env.RRELAY_TEST_PORT_BASE ?? 18000) + 40;
const relayPort = base + 1;
const passThroughPort = base + 3;
const upstreamRps = 50;
const ingestSeconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrency = 32;

const upstream = await startLocalUpstream({ port: base + 2, apiKey, partnerIds: [partnerId], behaviour: { latencyMs: 100, rateLimit: upstreamRps } });
const relayVars = (extra: Record<string, string> = {}) => ({
  RR_API_KEY: apiKey,
  RR_PARTNER_ID: partnerId,
  RR_TRACKING_URL: `${upstream.url}/1.0/`,
  RR_SP_URL: `${upstream.url}/v1/`,
  UPSTREAM_RPS: String(upstreamRps),
  CLIENT_LIMIT: 'off',
  ...extra,
});

let sequence = 0;
/** One beacon: `count` views of one visitor (`bench{phase}v{visitor}`), with tracker-made event ids; productId is unique per event. */
function beacon(visitor: number, count: number, phase = 1): string {
  return JSON.stringify(
    Array.from({ length: count }, () => {
      const id = sequence++;
      return { view: { sessionExternalId: `bench${phase}v${visitor}`, timestamp: new Date().toISOString(), productId: 1 + id }, eventId: `bench-${process.pid}-${id}` };
    }),
  );
}

/** Events of one phase the upstream took: all of them, and distinct ones (a duplicate would be counted twice in the first). */
function deliveredOfPhase(phase: number): { all: number; distinct: number } {
  const events = upstream.accepted.flatMap((call) => call.events).filter((event) => event.body.sessionExternalId.startsWith(`bench${phase}v`));
  return { all: events.length, distinct: new Set(events.map((event) => (event.body as { productId: number }).productId)).size };
}
/** The same beacon without event ids, which the real API (and the strict local upstream) would refuse. */
const withoutIds = (body: string) => JSON.stringify((JSON.parse(body) as { eventId?: string }[]).map(({ eventId: _id, ...envelope }) => envelope));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

interface IngestFigures {
  requests: number;
  events: number;
  seconds: number;
  ok: number;
  p50: number;
  p99: number;
}

/** `concurrency` clients post beacons of 2 events back to back for `seconds`. */
async function ingestLoad(url: string, stripIds: boolean): Promise<IngestFigures> {
  const latencies: number[] = [];
  let ok = 0;
  let events = 0;
  const start = performance.now();
  const end = start + ingestSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      let n = 0;
      while (performance.now() < end) {
        const body = beacon((client * 1000 + n++) % 500, 2);
        const sentAt = performance.now();
        const response = await fetch(`${url}/1.0/visitorEvents?partnerId=${partnerId}`, { method: 'POST', body: stripIds ? withoutIds(body) : body });
        await response.arrayBuffer();
        latencies.push(performance.now() - sentAt);
        events += 2;
        if (response.ok) ok++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, events, seconds, ok, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** The most calls that arrived in any window of one second. */
function busiestSecond(calls: readonly UpstreamCall[]): number {
  const times = calls.map((call) => call.receivedAt).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function waitForDelivered(phase: number, events: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (deliveredOfPhase(phase).distinct >= events) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function startPassThrough(): Promise<ChildProcess> {
  const dir = fileURLToPath(new URL('./pass-through/', import.meta.url));
  const wrangler = fileURLToPath(new URL('../worker/node_modules/.bin/wrangler', import.meta.url));
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(passThroughPort), '--inspector-port', String(passThroughPort + 10000), '--persist-to', mkdtempSync(join(tmpdir(), 'rrelay-pt-'))];
  args.push('--var', `RR_TRACKING_URL:${upstream.url}/1.0/`, '--var', `RR_API_KEY:${apiKey}`, '--show-interactive-dev-session=false');
  const child = spawn(wrangler, args, { cwd: dir, env: offlineWranglerEnv, stdio: 'ignore', detached: true });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 90_000;
    const poll = async () => {
      try {
        if ((await fetch(`http://127.0.0.1:${passThroughPort}/health`)).ok) return resolve(child);
      } catch {
        // not yet
      }
      if (Date.now() > deadline) return reject(new Error('pass-through worker did not start'));
      setTimeout(poll, 250);
    };
    void poll();
  });
}

const children: ChildProcess[] = [];
try {
  // 1. Ingest, relay and pass-through side by side.
  let relay = await startRelay(relayPort, relayVars(), mkdtempSync(join(tmpdir(), 'rrelay-bench-')));
  children.push(relay);
  const passThrough = await startPassThrough();
  children.push(passThrough);
  await ingestLoad(`http://127.0.0.1:${relayPort}`, false); // warm-up is the first run's first second; measure the second run
  upstream.accepted.length = 0;
  upstream.calls.length = 0;
  // The relay and a bare worker alternately, twice each: this machine is shared, so only a ratio from one run means something.
  const bare = await startHelloWorld(base + 5);
  const relayRuns: IngestFigures[] = [];
  const bareRuns: IngestFigures[] = [];
  await ingestLoad(bare.url, false); // its warm-up
  for (let round = 0; round < 2; round++) {
    relayRuns.push(await ingestLoad(`http://127.0.0.1:${relayPort}`, false));
    bareRuns.push(await ingestLoad(bare.url, false));
  }
  await bare.stop();
  const relayIngest = relayRuns[0]!;
  const perSecond = (runs: IngestFigures[]) => runs.reduce((sum, run) => sum + run.requests, 0) / runs.reduce((sum, run) => sum + run.seconds, 0);
  const ratioToBare = perSecond(relayRuns) / perSecond(bareRuns);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  upstream.calls.length = 0;
  const passIngest = await ingestLoad(`http://127.0.0.1:${passThroughPort}`, true);
  const passCalls = upstream.calls.length;
  const passRefused = upstream.calls.filter((call) => call.status === 429).length;
  await stopProcess(passThrough);

  // 2. Coalescing at ~1,000 events/s from 500 visitors: 20 beacons of 10 events every 200 ms
  //    (wrangler dev on this machine takes far fewer than 500 requests/s, see 1).
  await new Promise((resolve) => setTimeout(resolve, 2000));
  upstream.accepted.length = 0;
  upstream.calls.length = 0;
  const coalesceSeconds = 5;
  let coalesceEvents = 0;
  let coalesceFailed = 0;
  const coalesceStart = performance.now();
  // Open loop: beacons leave on schedule whether or not earlier ones were answered.
  const inFlight: Promise<void>[] = [];
  for (let tick = 0; tick < coalesceSeconds * 5; tick++) {
    const due = coalesceStart + tick * 200;
    if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
    for (let i = 0; i < 20; i++) {
      inFlight.push(
        fetch(`http://127.0.0.1:${relayPort}/1.0/visitorEvents?partnerId=${partnerId}`, { method: 'POST', body: beacon((tick * 20 + i) % 500, 10, 2) }).then(async (response) => {
          await response.arrayBuffer();
          if (response.status === 200) coalesceEvents += 10;
          else coalesceFailed++;
        }),
      );
    }
  }
  const offeredSeconds = (performance.now() - coalesceStart) / 1000;
  await Promise.all(inFlight);
  const coalesceRate = coalesceEvents / offeredSeconds;
  const allDelivered = await waitForDelivered(2, coalesceEvents, 30_000);
  const coalesceCalls = upstream.calls.filter((call) => call.method === 'visitorEvents');
  const phase2 = deliveredOfPhase(2);
  const deliveredEvents = upstream.accepted.reduce((sum, call) => sum + call.events.length, 0);
  await stopProcess(relay);

  // 3. The limit: one event per call, a backlog far above UPSTREAM_RPS, spread over 4 shards.
  relay = await startRelay(relayPort, relayVars({ BATCH_SIZE: '1', BATCH_MAX_WAIT_MS: '50' }), mkdtempSync(join(tmpdir(), 'rrelay-bench-')));
  children.push(relay);
  upstream.accepted.length = 0;
  upstream.calls.length = 0;
  const backlog = 400;
  await Promise.all(
    Array.from({ length: backlog / 4 }, (_, i) =>
      fetch(`http://127.0.0.1:${relayPort}/1.0/visitorEvents?partnerId=${partnerId}`, { method: 'POST', body: beacon(i, 4, 3) }).then((r) => r.arrayBuffer()),
    ),
  );
  const limitStart = Date.now();
  const limitDelivered = await waitForDelivered(3, backlog, 60_000);
  const limitSeconds = (Date.now() - limitStart) / 1000;
  const limitCalls = [...upstream.calls];
  await stopProcess(relay);

  const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  console.log(`
rrelay relay benchmark (${new Date().toISOString()}, ${process.platform}/${process.arch}, Node ${process.version}, loopback, local upstream latency 100 ms, limit ${upstreamRps}/s)

1. Ingest, ${concurrency} concurrent clients, beacons of 2 events, ${ingestSeconds} s each
                         requests/s   events/s   p50 ms   p99 ms   2xx
  relay (buffered)       ${fmt(relayIngest.requests / relayIngest.seconds).padStart(10)} ${fmt(relayIngest.events / relayIngest.seconds).padStart(10)} ${fmt(relayIngest.p50, 1).padStart(8)} ${fmt(relayIngest.p99, 1).padStart(8)}   ${fmt((100 * relayIngest.ok) / relayIngest.requests, 1)}%
  pass-through worker    ${fmt(passIngest.requests / passIngest.seconds).padStart(10)} ${fmt(passIngest.events / passIngest.seconds).padStart(10)} ${fmt(passIngest.p50, 1).padStart(8)} ${fmt(passIngest.p99, 1).padStart(8)}   ${fmt((100 * passIngest.ok) / passIngest.requests, 1)}%
  (pass-through: ${passCalls} upstream calls, ${passRefused} of them refused with 429 by the upstream's limit)
  relay vs a bare hello-world worker, alternating, ${relayRuns.length} runs each: ${fmt(perSecond(relayRuns))} vs ${fmt(perSecond(bareRuns))} requests/s = ${fmt(ratioToBare, 2)}x (goal >= 0.8x, at least 0.5x)

2. Coalescing, 500 visitors, beacons of 10 events, ${fmt(coalesceRate)} events/s offered for ${coalesceSeconds} s (${coalesceFailed} beacons refused)
  events accepted ${coalesceEvents}, delivered ${phase2.distinct} distinct, ${phase2.all - phase2.distinct} duplicates${allDelivered ? '' : ' (NOT all within 30 s)'}
  (upstream calls in this phase also carried ${deliveredEvents - phase2.all} events left over from phase 1)
  upstream calls ${coalesceCalls.length} = ${fmt((1000 * coalesceCalls.length) / Math.max(1, deliveredEvents), 1)} per 1,000 events (goal <= 10)
  busiest one-second window ${busiestSecond(coalesceCalls)} calls; 429s ${coalesceCalls.filter((c) => c.status === 429).length}

3. Limit, BATCH_SIZE=1, backlog of ${backlog} events over 4 shards
  delivered ${deliveredOfPhase(3).distinct}/${backlog} distinct, ${deliveredOfPhase(3).all - deliveredOfPhase(3).distinct} duplicates${limitDelivered ? '' : ' (NOT all within 60 s)'} in ${fmt(limitSeconds, 1)} s with ${limitCalls.length} calls
  busiest one-second window ${busiestSecond(limitCalls)} calls (limit ${upstreamRps}); 429s from the upstream ${limitCalls.filter((c) => c.status === 429).length}
`);
} finally {
  for (const child of children) await stopProcess(child);
  await upstream.close();
}
