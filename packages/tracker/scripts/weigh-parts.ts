// What each part of the tracker weighs, printed by every build (after size-limit's
// checks, .size-limit.js): bundles (esbuild, minified, as IIFEs) the core alone,
// the core with each optional part, and idb-keyval's `createStore` +
// `promisifyRequest` (the outbox's primitives) alone, and prints each size brotli
// q11 (a part's weight is the difference to the core), then what each source
// module adds to the core, minified. Run alone: node scripts/weigh-parts.ts
import { build } from 'esbuild';
import { brotliCompressSync, constants } from 'node:zlib';

const brotli = (bytes: Uint8Array) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const core = `import { createTracker } from './src/create-tracker.ts'; const rr = createTracker({ partnerId: 'p', endpoint: 'e' });`;
const variants: Record<string, string> = {
  'core (createTracker)': `${core} (window as any).rr = rr;`,
  'core + autoTrack': `${core} import { autoTrack } from './src/auto-track.ts'; autoTrack(rr); (window as any).rr = rr;`,
  'core + impression': `${core} import { impression } from './src/impression.ts'; (window as any).rr = (x: any) => impression(rr, x);`,
  'idb-keyval createStore + promisifyRequest alone': `import { createStore, promisifyRequest } from 'idb-keyval'; (window as any).u = [createStore, promisifyRequest];`,
};
for (const [name, contents] of Object.entries(variants)) {
  const result = await build({
    stdin: { contents, resolveDir: new URL('..', import.meta.url).pathname, loader: 'ts' },
    bundle: true, minify: true, format: 'iife', target: 'es2020', write: false, metafile: true, define: { __DEBUG__: 'false', __STORE_EVENTS__: 'false' },
  });
  const bytes = result.outputFiles[0]!.contents;
  console.log(`${name}: ${brotli(bytes)} B brotli q11, ${bytes.length} B minified`);
  if (name.startsWith('core (')) {
    const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
    console.log('  by module (minified bytes):', Object.entries(inputs).map(([file, { bytesInOutput }]) => `${file.replace(/.*\//, '')} ${bytesInOutput}`).join(', '));
  }
}
