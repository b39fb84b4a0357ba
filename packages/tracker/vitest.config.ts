import { defineConfig } from 'vitest/config';

// Unit tests run the source as the debug build would (`__DEBUG__` true); the
// production build compiles that code away (rollup.config.mjs).
export default defineConfig({
  define: { __DEBUG__: 'true', __STORE_EVENTS__: 'true' },
  test: { include: ['src/**/*.test.ts'] },
});
