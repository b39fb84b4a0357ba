import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import type { Engine } from './engines/visitor.ts';

// Debian's Chromium where it is installed (Playwright cannot download its own
// browser on a machine without network); Playwright's own browser elsewhere.
const debianChromium = '/usr/bin/chromium';

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
    launchOptions: {
      ...(existsSync(debianChromium) ? { executablePath: debianChromium } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
  },
  // One engine after another (projects run in this order with one worker): two cores, and no engine's load skewing another's timing.
  projects: [
    { name: 'chromium', use: { engine: 'chromium' as Engine } },
    { name: 'firefox', testMatch: browserSpecs, use: { engine: 'firefox' as Engine } },
    { name: 'webkit', testMatch: browserSpecs, use: { engine: 'webkit' as Engine } },
  ].filter((project) => engines.includes(project.name)),
});
