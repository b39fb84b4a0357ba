import { defineConfig } from '@playwright/test';
import { chromiumOnThisMachine } from './engines/playwright-visitor.ts';
import type { Engine } from './engines/visitor.ts';

/**
 * The specs about the browser (the tracker's fixture pages, and the foundation path through the
 * demo store): they use `engines/engine-test.ts` and run in every engine. The others are about the
 * demo store and the relay's inspector, whose pages are the same in any engine: Chromium only.
 */
const browserSpecs = ['foundation.spec.ts', 'lossless.spec.ts', 'tracker-*.spec.ts'];

/** The engines to run, `RRELAY_ENGINES=chromium,firefox,webkit` by default (a machine without Debian's packages may run fewer). */
const engines = (process.env.RRELAY_ENGINES ?? 'chromium,firefox,webkit').split(',');

export default defineConfig<{ engine: Engine }>({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: process.env.DEMO_URL,
    trace: 'off',
    // Playwright's own `page` (the demo store's and the inspector's specs, Chromium only).
    launchOptions: chromiumOnThisMachine,
  },
  // One engine after another (projects run in this order with one worker): two cores, and no engine's load skewing another's timing.
  projects: [
    { name: 'chromium', use: { engine: 'chromium' as Engine } },
    { name: 'firefox', testMatch: browserSpecs, use: { engine: 'firefox' as Engine } },
    { name: 'webkit', testMatch: browserSpecs, use: { engine: 'webkit' as Engine } },
  ].filter((project) => engines.includes(project.name)),
});
