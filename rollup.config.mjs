// Builds @rrelay/tracker: an ES module for bundlers, a minified IIFE for a
// <script> tag (dist/rr.js), and one .d.ts file. Build-time flags are
// esbuild `define`s, so code behind a false flag is gone from the bundle.
import { fileURLToPath } from 'node:url';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { dts } from 'rollup-plugin-dts';

const tracker = (path) => fileURLToPath(new URL(`packages/tracker/${path}`, import.meta.url));

const esbuildFor = (flags) =>
  esbuild({ target: 'es2020', tsconfig: tracker('tsconfig.json'), define: flags });

const terserOptions = {
  ecma: 2020,
  module: false,
  compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
  mangle: { properties: false },
  format: { comments: false },
};

export default [
  {
    input: tracker('src/index.ts'),
    output: { file: tracker('dist/index.js'), format: 'es' },
    plugins: [nodeResolve(), esbuildFor({ __DEBUG__: 'false' })],
  },
  {
    input: tracker('src/script.ts'),
    output: { file: tracker('dist/rr.js'), format: 'iife' },
    plugins: [nodeResolve(), esbuildFor({ __DEBUG__: 'false' }), terser(terserOptions)],
  },
  {
    input: tracker('src/index.ts'),
    output: { file: tracker('dist/index.d.ts'), format: 'es' },
    plugins: [dts({ respectExternal: true, tsconfig: tracker('tsconfig.json') })],
  },
];
