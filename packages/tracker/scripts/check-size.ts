// The size budgets of @rrelay/tracker, checked after every build (`pnpm build`
// fails when one is over):
// - dist/rr.js, the <script> build with everything: at most 2048 bytes brotli (quality 11);
// - an application that imports createTracker and calls one method, bundled and
//   minified by esbuild: at most 1200 bytes brotli.
// Prints each figure and, for the ES module case, what each source module adds (minified, before brotli).
// Neither budget is met yet with every feature in (see the README's Tracker section), so
// the build fails above a `ceiling`: the figure reached, which no change may grow.
// Lower a ceiling whenever a change shrinks the bundle; drop it once under budget.
// The store events for eSputnik (store-events.ts) are a build-time flag: dist/rr.js leaves them out,
// dist/rr.stores.js (for stores that also feed eSputnik) has them, with its own ceiling.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';

const here = (path: string) => new URL(path, import.meta.url).pathname;
const brotli = (bytes: Uint8Array) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const script = readFileSync(here('../dist/rr.js'));
const scriptWithStoreEvents = readFileSync(here('../dist/rr.stores.js'));
const esm = await build({
  stdin: {
    contents: `import { createTracker } from './src/index.ts';\ncreateTracker({ partnerId: 'p', endpoint: 'https://relay.example' }).view({ productId: 1 });\n`,
    resolveDir: here('..'),
    loader: 'ts',
  },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  define: { __DEBUG__: 'false', __STORE_EVENTS__: 'false' },
  write: false,
  metafile: true,
});
const esmBytes = esm.outputFiles[0]!.contents;

const checks = [
  { name: 'dist/rr.js (script tag, everything)', raw: script.length, brotli: brotli(script), budget: 2048, ceiling: 3295 },
  { name: 'ESM: createTracker + view, bundled', raw: esmBytes.length, brotli: brotli(esmBytes), budget: 1200, ceiling: 2227 },
  { name: 'dist/rr.stores.js (script tag, everything + store events for eSputnik)', raw: scriptWithStoreEvents.length, brotli: brotli(scriptWithStoreEvents), budget: 2048, ceiling: 3544 },
];
for (const check of checks) {
  const verdict = check.brotli <= check.budget ? 'ok' : `over budget by ${check.brotli - check.budget} B; ceiling ${check.ceiling}`;
  console.log(`${check.name}: ${check.brotli} B brotli q11, ${check.raw} B minified; budget ${check.budget}: ${verdict}`);
}
const inputs = Object.values(esm.metafile.outputs)[0]!.inputs;
console.log('     ESM bundle by module (minified bytes):', Object.entries(inputs).map(([file, { bytesInOutput }]) => `${file.replace(/.*\//, '')} ${bytesInOutput}`).join(', '));
const grown = checks.filter((check) => check.brotli > Math.max(check.budget, check.ceiling));
if (grown.length) {
  console.error(`size check failed: ${grown.map((check) => `${check.name} is ${check.brotli} B, above its ceiling ${check.ceiling} B`).join('; ')}`);
  process.exit(1);
}
