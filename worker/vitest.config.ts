import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Two projects: unit tests inside workerd (the Workers runtime, via
// @cloudflare/vitest-plugin), and integration tests in Node that drive the
// relay under `wrangler dev` against the local upstream over HTTP.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.jsonc' },
            miniflare: {
              bindings: {
                RR_API_KEY: 'unit-test-key',
                RR_TRACKING_URL: 'http://127.0.0.1:9/1.0/',
                RR_SP_URL: 'http://127.0.0.1:9/v1/',
                ALLOWED_ORIGINS: 'https://shop.example',
                HEALTH_TOKEN: 'unit-health-token',
                // Nothing listens at the upstream above: one failed try per queue is enough for these tests.
                RETRY_BASE_MS: '600000',
              },
            },
          }),
        ],
        test: { name: 'workerd', include: ['src/**/*.test.ts', 'test/workerd/**/*.test.ts'] },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'local-upstream/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
