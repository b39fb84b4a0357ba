// Prints the brotli and gzip size of rrelay's tracker next to the trackers a
// store would otherwise pick, each built the same way in the same run: an ES
// module import of the tracker plus one tracked event, bundled, tree-shaken and
// minified by esbuild for browsers. rrelay's `<script>` build is listed too.
//   npx -y pnpm@10 --filter @rrelay/bench run sizes
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Each contender: the few lines a store writes to send one product view. */
const contenders: Record<string, string> = {
  '@rrelay/tracker (ESM)': `import { createTracker } from '@rrelay/tracker';
    createTracker({ partnerId: 'p', endpoint: 'https://relay.example' }).view({ productId: 1 });`,
  '@plausible-analytics/tracker': `import { init, track } from '@plausible-analytics/tracker';
    init({ domain: 'shop.example' }); track('view', { props: { productId: '1' } });`,
  '@snowplow/browser-tracker': `import { newTracker, trackStructEvent } from '@snowplow/browser-tracker';
    newTracker('sp', 'https://collector.example', { appId: 'shop' }); trackStructEvent({ category: 'product', action: 'view', label: '1' });`,
  '@segment/analytics-next': `import { AnalyticsBrowser } from '@segment/analytics-next';
    AnalyticsBrowser.load({ writeKey: 'k' }).track('Product Viewed', { product_id: '1' });`,
  'posthog-js': `import posthog from 'posthog-js';
    posthog.init('k', { api_host: 'https://ph.example' }); posthog.capture('product viewed', { productId: 1 });`,
};

const sizes = (code: Uint8Array) => ({
  raw: code.byteLength,
  gzip: gzipSync(code, { level: 9 }).byteLength,
  brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
});

async function bundle(source: string): Promise<Uint8Array> {
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
  return result.outputFiles[0]!.contents;
}

const rows: [string, ReturnType<typeof sizes>][] = [];
const script = readFileSync(fileURLToPath(import.meta.resolve('@rrelay/tracker/rr.js')));
rows.push(['@rrelay/tracker dist/rr.js (<script>)', sizes(script)]);
const withStoreEvents = readFileSync(fileURLToPath(import.meta.resolve('@rrelay/tracker/rr.stores.js')));
rows.push(['@rrelay/tracker dist/rr.stores.js (<script>, + eSputnik store events)', sizes(withStoreEvents)]);
for (const [name, source] of Object.entries(contenders)) rows.push([name, sizes(await bundle(source))]);

const bytes = (n: number) => n.toLocaleString('en-US');
console.log('| tracker (one product view) | minified bytes | gzip -9 bytes | brotli q11 bytes |\n| --- | ---: | ---: | ---: |');
for (const [name, s] of rows) console.log(`| ${name} | ${bytes(s.raw)} | ${bytes(s.gzip)} | ${bytes(s.brotli)} |`);
