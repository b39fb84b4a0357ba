// Experiment for issue #12 (committed, then reverted): what the tracker would weigh with a memory-only
// send queue (no outbox, no retry, no ordering across pages), to see whether the budgets (2,048 B rr.js,
// 1,200 B ES module) are reachable even by giving up the lossless guarantee. Run: node scripts/weigh-floor.ts
import { build } from 'esbuild';
import { brotliCompressSync, constants } from 'node:zlib';
const brotli = (b: Uint8Array) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const plugin = { name: 'floor', setup(b: any) { b.onResolve({ filter: /send-queue\.ts$/ }, () => ({ path: new URL('./floor/memory-send-queue.ts', import.meta.url).pathname })); } };
for (const [name, contents, plugins] of [
  ['core as is', `import { createTracker } from './src/create-tracker.ts'; (window as any).rr = createTracker({ partnerId: 'p', endpoint: 'e' });`, []],
  ['core, memory-only queue (no outbox, no retry, no ordering)', `import { createTracker } from './src/create-tracker.ts'; (window as any).rr = createTracker({ partnerId: 'p', endpoint: 'e' });`, [plugin]],
  ['same + autoTrack + impression (rr.js floor)', `import { createTracker } from './src/create-tracker.ts'; import { autoTrack } from './src/auto-track.ts'; import { impression } from './src/impression.ts'; const rr:any = createTracker({ partnerId: 'p', endpoint: 'e' }); rr.impression = (x:any) => impression(rr, x); autoTrack(rr); (window as any).rr = rr;`, [plugin]],
] as const) {
  const r = await build({ stdin: { contents, resolveDir: new URL('..', import.meta.url).pathname, loader: 'ts' }, bundle: true, minify: true, format: 'iife', target: 'es2020', write: false, plugins: plugins as any, define: { __DEBUG__: 'false', __STORE_EVENTS__: 'false' } });
  const bytes = r.outputFiles[0]!.contents; console.log(`${name}: ${brotli(bytes)} B brotli, ${bytes.length} B min`);
}
