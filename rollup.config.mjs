// Builds @rrelay/tracker: ES modules for bundlers (dist/index.js, and
// dist/index.debug.js for the `development` export condition), minified IIFEs
// for a <script> tag (dist/rr.js, dist/rr.debug.js, and the same with the store
// events for eSputnik: dist/rr.stores.js, dist/rr.stores.debug.js), and one .d.ts file.
// Build-time flags are esbuild `define`s, so code behind a false flag is gone
// from the bundle: the production builds carry no debug logging.
import { fileURLToPath } from 'node:url';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { dts } from 'rollup-plugin-dts';

const tracker = (path) => fileURLToPath(new URL(`packages/tracker/${path}`, import.meta.url));

const esbuildFor = (debug, storeEvents = true) =>
  esbuild({ target: 'es2020', tsconfig: tracker('tsconfig.json'), define: { __DEBUG__: String(debug), __STORE_EVENTS__: String(storeEvents) } });

const terserOptions = {
  ecma: 2020,
  module: false,
  compress: { passes: 5, unsafe: true, unsafe_arrows: true, unsafe_methods: true, unsafe_comps: true, unsafe_math: true, unsafe_undefined: true, pure_getters: true, toplevel: true, booleans_as_integers: false },
  toplevel: true,
  mangle: { properties: false },
  format: { comments: false },
};

// The ES module leaves its dependency (idb-keyval) to the application's bundler, and inlines the one
// runtime part of @rrelay/protocol it uses (the method names), whose package ships TypeScript source.
const esm = (debug) => ({
  input: tracker('src/index.ts'),
  external: ['idb-keyval'],
  output: { file: tracker(`dist/index${debug ? '.debug' : ''}.js`), format: 'es' },
  plugins: [nodeResolve(), esbuildFor(debug)],
});

// dist/rr.js: Retail Rocket's events; dist/rr.stores.js adds the store events (cart, wishlist…) for eSputnik.
const script = (debug, storeEvents) => ({
  input: tracker('src/script.ts'),
  output: { file: tracker(`dist/rr${storeEvents ? '.stores' : ''}${debug ? '.debug' : ''}.js`), format: 'iife' },
  plugins: [nodeResolve(), esbuildFor(debug, storeEvents), terser(terserOptions)],
});

export default [
  esm(false),
  esm(true),
  script(false, false),
  script(true, false),
  script(false, true),
  script(true, true),
  {
    // Types of @rrelay/protocol stay an import of that package (a dependency) rather than being inlined with valibot's.
    input: tracker('src/index.ts'),
    external: [/^@rrelay\/protocol/, 'idb-keyval'],
    output: { file: tracker('dist/index.d.ts'), format: 'es' },
    plugins: [dts({ tsconfig: tracker('tsconfig.json') })],
  },
];
