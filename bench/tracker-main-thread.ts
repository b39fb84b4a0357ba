// Main-thread cost of one tracked event in Chromium, Firefox and WebKit, and where it goes.
// Each engine loads the production dist/rr.js (consent granted, so every event is copied to the outbox
// and sent) from a local server that also plays the relay (200 to every batch), with cross-origin
// isolation so that performance.now() is fine-grained. A round makes 2,000 rr.view() calls in one task;
// five rounds per engine, alternating with the breakdown, and the medians are printed:
// - `rr.view()`: the calls themselves, µs per call;
// - `+ deferred`: the calls and what they leave to the end of their task (the outbox write: one
//   transaction per task, its puts structured-cloning each copy; the start of a send), timed until
//   the next task begins, µs per call;
// - `a lone event`: one call in a task of its own (a click), with what it defers (its own outbox
//   write), less a task without one, alternating 100 of each;
// - the parts one call is made of, each timed alone over 2,000 runs with the tracker's own functions
//   (a build of its modules, src/): the event id, the timestamp, the tracked time, the event object,
//   reading navigator.onLine, one timer set and cleared (armed once per batch, not per call), the field
//   checks (debug build only: the production build leaves them to the relay), and the outbox's copy of
//   an event in IndexedDB both ways: a put per event, and a put per task of 50 (what keepCopies does).
// Run: npx -y pnpm@10 run build && npx -y pnpm@10 --filter @rrelay/bench run tracker-main-thread
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { build } from 'esbuild';
import { startEngine } from '../e2e/engines/engine-host.ts';
import type { Engine } from '../e2e/engines/visitor.ts';

const calls = 2000;
// ENGINES=chromium,firefox picks the engines (default all three).
const engines = (process.env.ENGINES?.split(',') ?? ['chromium', 'firefox', 'webkit']) as Engine[];
const rounds = 5;
const tracker = new URL('../packages/tracker/', import.meta.url);
const script = readFileSync(new URL('dist/rr.js', tracker), 'utf8');
// The tracker's own functions, for the breakdown, built as the production build does (no debug output).
const parts = (
  await build({
    stdin: {
      contents: `import { randomId } from './src/random-id.ts'; import { localTimestamp } from './src/local-timestamp.ts';
        import { trackedAt } from './src/outbox.ts'; import { checkFields } from './src/check-fields.ts';
        window.trackerParts = { randomId, localTimestamp, trackedAt, checkFields };`,
      resolveDir: tracker.pathname,
      loader: 'ts',
    },
    bundle: true, format: 'iife', target: 'es2020', minify: true, write: false, define: { __DEBUG__: 'false', __STORE_EVENTS__: 'false' },
  })
).outputFiles[0]!.text;

const page = (origin: string) => `<!doctype html><html data-rr-stock-id="Berlin"><head><meta charset="utf-8"><title>Tracker bench</title>
<script src="/parts.js"></script><script src="/rr.js" data-partner-id="608423a9b126ac6ab3f8f0a5" data-endpoint="${origin}"></script>
</head><body><main>A product page</main></body></html>`;

// The page, the scripts and the relay on one origin; COOP + COEP make the page cross-origin isolated.
let relayRequests = 0;
const server = createServer((request, response) => {
  const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' };
  const path = new URL(request.url ?? '/', 'http://bench').pathname;
  if (path === '/1.0/visitorEvents') {
    relayRequests++;
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { ...headers, 'content-type': 'application/json' });
      response.end('{"accepted":1,"rejected":[]}');
    });
    return;
  }
  const body = path === '/rr.js' ? script : path === '/parts.js' ? parts : page(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  response.writeHead(200, { ...headers, 'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8' });
  response.end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** One round in the page: `calls` rr.view() calls in one task, timed with and without what they defer. */
const trackingRound = async (count: number) => {
  const rr = (window as any).rr;
  // A message, not setTimeout(0), which browsers clamp to 4 ms once nested five deep.
  const channel = new MessageChannel();
  const nextTask = () =>
    new Promise((resolve) => {
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(0);
    });
  await nextTask();
  const start = performance.now();
  for (let i = 0; i < count; i++) rr.view({ productId: 1 + (i % 500), stockId: 'Berlin' });
  const called = performance.now();
  await nextTask();
  const settled = performance.now();
  // Let the sends finish, so that the next round starts from an empty queue.
  await rr.flush();
  // A lone event (a click): one call in its own task, with what it defers (its own outbox write), against
  // a task without one, alternating; the difference is the event's.
  const lone = { with: 0, without: 0 };
  for (let task = 0; task < 200; task++) {
    const withEvent = task % 2 == 0;
    await nextTask();
    const begun = performance.now();
    if (withEvent) rr.view({ productId: 1 + task, stockId: 'Berlin' });
    await nextTask();
    lone[withEvent ? 'with' : 'without'] += performance.now() - begun;
  }
  await rr.flush();
  return { call: ((called - start) * 1000) / count, deferred: ((settled - start) * 1000) / count, lone: ((lone.with - lone.without) * 1000) / 100 };
};

/** One round of the breakdown: each part of a call alone, `count` times, µs each. */
const breakdownRound = async (count: number) => {
  const { randomId, localTimestamp, trackedAt, checkFields } = (window as any).trackerParts;
  // Name and µs pairs, in order: WebDriver does not keep an object's key order.
  const results: [string, number][] = [];
  const time = (name: string, part: (i: number) => unknown) => {
    const start = performance.now();
    for (let i = 0; i < count; i++) part(i);
    results.push([name, ((performance.now() - start) * 1000) / count]);
  };
  const fields = { productId: 1, stockId: 'Berlin' };
  time('event id', () => randomId());
  time('timestamp', () => localTimestamp());
  time('tracked time', () => trackedAt());
  time('event object', (i) => ({ view: { ...fields, sessionExternalId: 'abc', timestamp: '2026-12-02T12:00:00+01:00' }, eventId: 'e' + i }));
  time('navigator.onLine', () => navigator.onLine);
  time('timer', () => clearTimeout(setTimeout(() => {}, 1000)));
  time('field checks (debug)', () => checkFields('view', fields));
  const database: IDBDatabase = await new Promise((resolve, reject) => {
    const opening = indexedDB.open('tracker-bench');
    opening.onupgradeneeded = () => opening.result.createObjectStore('copies');
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
  // Both ways in one run: a put per copy (what the outbox did before), and a put per task's copies (what
  // keepCopies does), here tasks of 50 events.
  const putCopies = async (name: string, perPut: number) => {
    const transaction = database.transaction('copies', 'readwrite');
    const copies = transaction.objectStore('copies');
    let group: unknown[] = [];
    time(name, (i) => {
      const at = Date.now() + i / 1000;
      group.push([at, { view: { ...fields, sessionExternalId: 'abc', timestamp: '2026-12-02T12:00:00+01:00' }, eventId: 'e' + i }, false]);
      if (group.length < perPut) return;
      copies.put(perPut == 1 ? group[0] : group, ['http://relay/1.0/visitorEvents?partnerId=p', name, i]);
      group = [];
    });
    await new Promise((resolve) => (transaction.oncomplete = transaction.onabort = resolve));
  };
  await putCopies('outbox, a put per event', 1);
  await putCopies('outbox, a put per 50 events', 50);
  // The outbox write of a task, alone: one transaction with one put and its commit asked for, in a task
  // of its own, timed to the next task, less a task without one, alternating (as for a lone event).
  const channel = new MessageChannel();
  const nextTask = () =>
    new Promise((resolve) => {
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(0);
    });
  const lone = { with: 0, without: 0 };
  for (let task = 0; task < 200; task++) {
    const withWrite = task % 2 == 0;
    await nextTask();
    const begun = performance.now();
    if (withWrite) {
      const transaction = database.transaction('copies', 'readwrite');
      transaction.objectStore('copies').put([Date.now(), { view: fields, eventId: 'e' }, false], ['http://relay/1.0/visitorEvents?partnerId=p', 'lone', task]);
      transaction.commit?.();
    }
    await nextTask();
    lone[withWrite ? 'with' : 'without'] += performance.now() - begun;
  }
  results.push(['outbox, a transaction in its own task', ((lone.with - lone.without) * 1000) / 100]);
  database.close();
  return results;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}; ${calls.toLocaleString('en')} calls per round, ${rounds} rounds per engine, medians`);
const rows: string[] = [];
let partNames: string[] = [];
try {
  for (const engine of engines) {
    const host = await startEngine(engine);
    const visitor = await host.newVisitor();
    try {
      const tab = await visitor.newTab();
      await tab.goto(`${origin}/product`);
      await tab.waitFor(() => (window as any).rr?.consent === 'granted');
      const isolated = await tab.evaluate(() => crossOriginIsolated);
      // Warm-up: the JIT, and the outbox's store opened.
      await tab.evaluate(trackingRound, calls);
      await tab.evaluate(breakdownRound, calls);
      const tracking: { call: number; deferred: number; lone: number }[] = [];
      const breakdowns: [string, number][][] = [];
      for (let round = 0; round < rounds; round++) {
        tracking.push(await tab.evaluate(trackingRound, calls));
        breakdowns.push(await tab.evaluate(breakdownRound, calls));
      }
      partNames = breakdowns[0]!.map(([name]) => name);
      const µs = (value: number) => value.toFixed(2);
      const cells = [median(tracking.map((t) => t.call)), median(tracking.map((t) => t.deferred)), median(tracking.map((t) => t.lone)), ...partNames.map((_, part) => median(breakdowns.map((b) => b[part]![1])))];
      rows.push(`| ${visitor.version}${isolated ? '' : ' (not isolated: coarse timer)'} | ${cells.map(µs).join(' | ')} |`);
    } finally {
      await visitor.close();
      await host.stop();
    }
  }
} finally {
  server.close();
}
console.log(`\n| engine | rr.view() µs | + deferred µs | a lone event µs | ${partNames.join(' | ')} |\n| --- | ${'---: | '.repeat(partNames.length + 3)}`);
console.log(rows.join('\n'));
console.log(`\nrequests to the relay: ${relayRequests}`);
