// rrelay's tracker beside the trackers a store would otherwise pick, sizes and speed in one run.
// Each contender is the few lines a store writes to send one product view, as an ES module import
// bundled, tree-shaken and minified by esbuild for browsers (rrelay's `<script>` build is listed too):
// 1. sizes: minified, gzip -9 and brotli q11 bytes of each bundle;
// 2. speed: each bundle in Chromium, Firefox and WebKit, from a local server that answers every request
//    200 (collector, settings, the relay: bench-page-server.ts), cross-origin isolated for fine timers, 200
//    product views in one task, µs per call, and with what the
//    calls leave to the end of their task (microtasks: queue writes, the start of a send), timed until the
//    next task. Five rounds per engine, each round taking every contender in turn; medians.
// The bundles read their endpoint from `window.benchEndpoint`, so the bytes weighed are the bytes timed.
//   npx -y pnpm@10 run build && npx -y pnpm@10 --filter @rrelay/bench run tracker-peers
// ENGINES=chromium,firefox picks the engines (default all three); SIZES_ONLY=1 skips the browsers.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { startEngine } from '../e2e/engines/engine-host.ts';
import { benchEngines, median, startBenchPageServer } from './bench-page-server.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const engines = benchEngines();
// 200 views in a task, not tracker-main-thread's 2,000: at 2,000, Chromium's page crashed in Snowplow's second round.
const calls = Number(process.env.CALLS ?? 200);
const rounds = 5;

/** Each contender: set up as its README says, then `trackView(i)` sends one product view. */
const contenders: Record<string, string> = {
  '@rrelay/tracker (ESM)': `import { createTracker } from '@rrelay/tracker';
    const rr = createTracker({ partnerId: 'p', endpoint: window.benchEndpoint });
    window.trackView = (i) => rr.view({ productId: i });`,
  '@plausible-analytics/tracker': `import { init, track } from '@plausible-analytics/tracker';
    init({ domain: 'shop.example', endpoint: window.benchEndpoint + '/api/event', captureOnLocalhost: true, autoCapturePageviews: false });
    window.trackView = (i) => track('view', { props: { productId: String(i) } });`,
  '@snowplow/browser-tracker': `import { newTracker, trackStructEvent } from '@snowplow/browser-tracker';
    newTracker('sp', window.benchEndpoint, { appId: 'shop' });
    window.trackView = (i) => trackStructEvent({ category: 'product', action: 'view', label: String(i) });`,
  '@segment/analytics-next': `import { AnalyticsBrowser } from '@segment/analytics-next';
    const analytics = AnalyticsBrowser.load({ writeKey: 'k', cdnSettings: { integrations: { 'Segment.io': { apiKey: 'k', apiHost: window.benchEndpoint.replace(/^http:\\/\\//, '') + '/v1', protocol: 'http' } } } });
    window.trackView = (i) => analytics.track('Product Viewed', { product_id: String(i) });`,
  'posthog-js': `import posthog from 'posthog-js';
    posthog.init('k', { api_host: window.benchEndpoint, autocapture: false, capture_pageview: false, disable_session_recording: true, advanced_disable_flags: true });
    window.trackView = (i) => posthog.capture('product viewed', { productId: i });`,
};

const sizes = (code: Uint8Array) => ({
  raw: code.byteLength,
  gzip: gzipSync(code, { level: 9 }).byteLength,
  brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
});

async function bundle(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: here, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]!.text;
}

// The timing, a script of its own beside each contender's, so that no contender's bytes include it.
const timing = (
  await build({
    stdin: { contents: `import { timeCallsInOneTask } from './in-page/time-tasks.ts'; window.timeCallsInOneTask = timeCallsInOneTask;`, resolveDir: here, loader: 'ts' },
    bundle: true, format: 'iife', target: 'es2020', write: false,
  })
).outputFiles[0]!.text;
const bundles: Record<string, string> = {};
for (const [name, source] of Object.entries(contenders)) bundles[name] = await bundle(source);
const bytes = (n: number) => n.toLocaleString('en-US');
const sizeRows: [string, ReturnType<typeof sizes>][] = [];
for (const script of ['rr.js', 'rr.stores.js']) {
  const code = readFileSync(fileURLToPath(import.meta.resolve(`@rrelay/tracker/${script}`)));
  sizeRows.push([`@rrelay/tracker dist/${script} (<script>${script == 'rr.js' ? '' : ', + eSputnik store events'})`, sizes(code)]);
}
for (const [name, code] of Object.entries(bundles)) sizeRows.push([name, sizes(new TextEncoder().encode(code))]);
console.log('| tracker (one product view) | minified bytes | gzip -9 bytes | brotli q11 bytes |\n| --- | ---: | ---: | ---: |');
for (const [name, s] of sizeRows) console.log(`| ${name} | ${bytes(s.raw)} | ${bytes(s.gzip)} | ${bytes(s.brotli)} |`);
if (process.env.SIZES_ONLY) process.exit(0);

// One origin for the pages, the bundles and every endpoint, so that nothing leaves the machine.
const server = await startBenchPageServer((address, origin) => {
  const name = address.searchParams.get('contender') ?? '';
  if (address.pathname == '/timing.js') return timing;
  if (address.pathname == '/contender.js') return bundles[name];
  if (address.pathname != '/page') return undefined;
  return `<!doctype html><meta charset="utf-8"><title>${name}</title><script>window.benchEndpoint = ${JSON.stringify(origin)};</script><script src="/timing.js"></script>
    <script type="module" src="/contender.js?contender=${encodeURIComponent(name)}"></script><p>A product page</p>`;
});
const origin = server.origin;

/** One round in a contender's page: `count` product views in one task (in-page/time-tasks.ts), then its own sends let go. */
const trackingRound = async (count: number) => {
  const timing = await (window as any).timeCallsInOneTask((window as any).trackView, count);
  await new Promise((resolve) => setTimeout(resolve, 300));
  return timing as { call: number; deferred: number };
};

console.log(`\n${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}; ${calls.toLocaleString('en')} calls per round, ${rounds} rounds, medians, µs per call: without / with what the calls defer`);
const speeds: Record<string, Record<string, string>> = {};
const versions: string[] = [];
try {
  for (const engine of engines) {
    const host = await startEngine(engine);
    const visitor = await host.newVisitor();
    versions.push(visitor.version);
    const timings: Record<string, { call: number; deferred: number }[]> = {};
    try {
      const tab = await visitor.newTab();
      for (let round = 0; round < rounds; round++) {
        for (const name of Object.keys(contenders)) {
          await tab.goto(`${origin}/page?contender=${encodeURIComponent(name)}`);
          await tab.waitFor(() => typeof (window as any).trackView == 'function' && crossOriginIsolated);
          // Each page's first three rounds warm it up (the JIT tiers up, storage opens), and are not counted:
          // after one, WebKit's figures still fell round after round.
          for (let warmUp = 0; warmUp < 3; warmUp++) await tab.evaluate(trackingRound, calls);
          (timings[name] ??= []).push(await tab.evaluate(trackingRound, calls));
        }
      }
    } finally {
      await visitor.close();
      await host.stop();
    }
    for (const [name, list] of Object.entries(timings)) {
      (speeds[name] ??= {})[visitor.version] = `${median(list.map((t) => t.call)).toFixed(2)} / ${median(list.map((t) => t.deferred)).toFixed(2)}`;
    }
  }
} finally {
  server.close();
}
console.log(`\n| tracker | ${versions.join(' | ')} |\n| --- | ${versions.map(() => '---:').join(' | ')} |`);
for (const [name, row] of Object.entries(speeds)) console.log(`| ${name} | ${versions.map((version) => row[version]).join(' | ')} |`);
