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
//   (a build of its modules, src/, with the in-page timing: in-page/tracker-parts.ts): the event id, the timestamp, the tracked time, the event object,
//   reading navigator.onLine, one timer set and cleared (armed once per batch, not per call), the field
//   checks (debug build only: the production build leaves them to the relay), and the outbox's copy of
//   an event in IndexedDB both ways: a put per event, and a put per task of 50 (what keepCopies does).
// Also printed: the longest task while a round's events are sent (the outbox read, the batches, the
// requests), watched by a message-task ticker, in every engine.
// Run: npx -y pnpm@10 run build && npx -y pnpm@10 --filter @rrelay/bench run tracker-main-thread
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { build } from 'esbuild';
import { startEngine } from '../e2e/engines/engine-host.ts';
import { benchEngines, median, startBenchPageServer } from './bench-page-server.ts';

const calls = 2000;
// ENGINES=chromium,firefox picks the engines (default all three).
const engines = benchEngines();
const rounds = 5;
const tracker = new URL('../packages/tracker/', import.meta.url);
const script = readFileSync(new URL('dist/rr.js', tracker), 'utf8');
// The in-page half (in-page/tracker-parts.ts): the tracker's own modules and the timing, one script.
const parts = (
  await build({
    entryPoints: [new URL('in-page/tracker-parts.ts', import.meta.url).pathname],
    bundle: true, format: 'iife', target: 'es2020', minify: true, write: false, define: { __DEBUG__: 'false', __STORE_EVENTS__: 'false' },
  })
).outputFiles[0]!.text;

const page = (origin: string) => `<!doctype html><html data-rr-stock-id="Berlin"><head><meta charset="utf-8"><title>Tracker bench</title>
<script src="/parts.js"></script><script src="/rr.js" data-partner-id="608423a9b126ac6ab3f8f0a5" data-endpoint="${origin}"></script>
</head><body><main>A product page</main></body></html>`;

// The page, the scripts and the relay on one origin.
const server = await startBenchPageServer(({ pathname }, origin) => (pathname == '/rr.js' ? script : pathname == '/parts.js' ? parts : pathname == '/product' ? page(origin) : undefined));
const origin = server.origin;

console.log(`${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}; ${calls.toLocaleString('en')} calls per round, ${rounds} rounds per engine, medians`);
const rows: string[] = [];
let partNames: string[] = [];
const longTaskLines: string[] = [];
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
      const tracking = (count: number) => (window as any).trackerBench.tracking(count);
      const breakdown = (count: number) => (window as any).trackerBench.breakdown(count);
      await tab.evaluate(tracking, calls);
      await tab.evaluate(breakdown, calls);
      const trackings: { call: number; deferred: number; lone: number; longestTask: number }[] = [];
      const breakdowns: [string, number][][] = [];
      for (let round = 0; round < rounds; round++) {
        trackings.push(await tab.evaluate(tracking, calls));
        breakdowns.push(await tab.evaluate(breakdown, calls));
      }
      partNames = breakdowns[0]!.map(([name]) => name);
      const µs = (value: number) => value.toFixed(2);
      const cells = [median(trackings.map((t) => t.call)), median(trackings.map((t) => t.deferred)), median(trackings.map((t) => t.lone)), ...partNames.map((_, part) => median(breakdowns.map((b) => b[part]![1])))];
      longTaskLines.push(`${visitor.version}: the longest task while 2,000 events were sent, of ${rounds} rounds: ${Math.max(...trackings.map((t) => t.longestTask)).toFixed(1)} ms`);
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
console.log(`\n${longTaskLines.join('\n')}\nrequests to the relay: ${server.relayRequests()}`);
