// Where the relay's ingest time goes: a CPU profile of its isolate under `wrangler dev`
// (through wrangler's inspector) while 32 clients post beacons of 2 events, printed as
// the share of the isolate's thread each function takes, itself and with its callees.
//   RRELAY_TEST_PORT_BASE=33000 npx -y pnpm@10 --filter @rrelay/bench run profile
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay, stopProcess } from '../scripts/stack.ts';
import { startLocalUpstream } from '../worker/local-upstream/local-upstream.ts';

const partnerId = '608423a9b126ac6ab3f8f0a5';
const apiKey = 'bench-api-key-0c3f';
const base = Number(process.env.RRELAY_TEST_PORT_BASE ?? 18000) + 60;
const seconds = Number(process.env.BENCH_SECONDS ?? 6);
// The relay's own functions worth seeing whole (with what they call).
const stages = ['handleIngest', 'readJsonBody', 'validateIngest', 'accept', 'storeAccepted', 'insertRows', 'pump', 'alarm', 'sendBatch'];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const upstream = await startLocalUpstream({ port: base + 2, apiKey, partnerIds: [partnerId], behaviour: { latencyMs: 100, rateLimit: 50 } });
const relayUrl = `http://127.0.0.1:${base + 1}`;
const relay = await startRelay(base + 1, { RR_API_KEY: apiKey, RR_PARTNER_ID: partnerId, RR_TRACKING_URL: `${upstream.url}/1.0/`, CLIENT_LIMIT: 'off' }, mkdtempSync(join(tmpdir(), 'rrelay-profile-')));

let eventSequence = 0;
/** 32 clients posting beacons of 2 events back to back; answers requests per second. */
async function load(forSeconds: number): Promise<number> {
  let requests = 0;
  const end = performance.now() + forSeconds * 1000;
  await Promise.all(
    Array.from({ length: 32 }, async (_, client) => {
      for (let n = 0; performance.now() < end; n++) {
        const visitor = `profile${(client * 1000 + n) % 500}`;
        const body = [0, 1].map(() => ({ view: { sessionExternalId: visitor, timestamp: new Date().toISOString(), productId: ++eventSequence }, eventId: `profile-${process.pid}-${eventSequence}` }));
        const response = await fetch(`${relayUrl}/1.0/visitorEvents?partnerId=${partnerId}`, { method: 'POST', body: JSON.stringify(body) });
        await response.arrayBuffer();
        requests++;
      }
    }),
  );
  return requests / forSeconds;
}

/** One DevTools protocol session with the relay's isolate, through wrangler's inspector proxy. */
async function inspector(): Promise<(method: string) => Promise<{ profile?: Profile }>> {
  const [target] = (await (await fetch(`http://127.0.0.1:${base + 1 + 10000}/json`)).json()) as { webSocketDebuggerUrl: string }[];
  // The proxy takes only DevTools' origin; Node's WebSocket (undici) may set headers.
  const WebSocketWithHeaders = WebSocket as unknown as new (url: string, init: { headers: Record<string, string> }) => WebSocket;
  const socket = new WebSocketWithHeaders(target!.webSocketDebuggerUrl, { headers: { origin: 'https://devtools.devprod.cloudflare.dev' } });
  await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
  // The proxy attaches to workerd after the socket opens; messages sent before are lost.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  let id = 0;
  return (method) =>
    new Promise((resolve) => {
      const mine = ++id;
      const onMessage = (message: MessageEvent) => {
        const reply = JSON.parse(String(message.data)) as { id?: number; result?: { profile?: Profile } };
        // The proxy echoes a command without a result; only Profiler.stop's carries one.
        if (reply.id !== mine || (method === 'Profiler.stop' && !reply.result)) return;
        socket.removeEventListener('message', onMessage);
        resolve(reply.result ?? {});
      };
      socket.addEventListener('message', onMessage);
      socket.send(JSON.stringify({ id: mine, method, params: {} }));
    });
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1).padStart(5)}%`;

try {
  await load(2); // warm-up
  const send = await inspector();
  await send('Profiler.enable');
  await send('Profiler.start');
  const perSecond = await load(seconds);
  const { profile } = await send('Profiler.stop');
  if (!profile) throw new Error('the inspector answered no profile');
  writeFileSync(join(tmpdir(), 'rrelay-relay.cpuprofile'), JSON.stringify(profile));

  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const name = (node: ProfileNode) => node.callFrame.functionName || '(anonymous)';
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const sample of profile.samples) {
    const leaf = byId.get(sample)!;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + 1);
    const counted = new Set<string>();
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parentOf.get(node.id) ?? -1)) {
      if (counted.has(name(node))) continue;
      counted.add(name(node));
      inclusive.set(name(node), (inclusive.get(name(node)) ?? 0) + 1);
    }
  }
  const total = profile.samples.length;
  console.log(`\nrrelay relay profile (${new Date().toISOString()}, ${process.platform}/${process.arch}, Node ${process.version}): ${Math.round(perSecond)} requests/s while profiled, ${total} samples`);
  console.log('\nthe isolate thread, by stage (a stage includes what it calls):');
  for (const stage of stages) console.log(`  ${percent(inclusive.get(stage) ?? 0, total)}  ${stage}`);
  console.log('\nbusiest functions, by own time ("exec" is SQLite running a statement; "(idle)" the thread waiting):');
  for (const [fn, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${percent(count, total)}  ${fn}`);
  console.log(`\n(the whole profile: ${join(tmpdir(), 'rrelay-relay.cpuprofile')}, for Chrome DevTools)`);
} finally {
  stopProcess(relay);
  await upstream.close();
}
