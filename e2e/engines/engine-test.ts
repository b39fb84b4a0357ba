import { test as base } from '@playwright/test';
import type { Browser } from '@playwright/test';
import { relayReport } from '../failure-report.ts';
import { startRelayProxy, type RelayProxy } from '../relay-proxy.ts';
import { resetUpstream } from '../upstream-client.ts';
import { launchPlaywrightEngine, playwrightVisitor } from './playwright-visitor.ts';
import { startWebKitDriver, type WebKitDriver } from './webkit-driver.ts';
import { webkitVisitor } from './webkit-visitor.ts';
import type { Engine, Visitor } from './visitor.ts';

export { expect } from '@playwright/test';
export type { Engine, Tab, Visitor } from './visitor.ts';

/** What a worker keeps for its engine: a Playwright browser, or Xvfb with WebKitWebDriver. */
type EngineHost = { browser: Browser } | { webkit: WebKitDriver };

/**
 * The browser specs' `test`: its `visitor` fixture is a fresh profile in the project's engine
 * (`engine` option: `chromium`, `firefox` or `webkit`), so one spec runs unchanged in all three.
 * It never asks for Playwright's own `page`, `context` or `browser`, which in a WebKit project would
 * try to launch Playwright's patched WebKit, which Debian does not have. Every test starts with the
 * local upstream reset, and a failed one prints what the relay and the upstream did.
 */
export const test = base.extend<{ visitor: Visitor; relayProxy: RelayProxy; upstreamReport: void }, { engine: Engine; engineHost: EngineHost }>({
  engine: ['chromium', { option: true, scope: 'worker' }],
  engineHost: [
    async ({ engine, playwright }, use) => {
      if (engine === 'webkit') {
        const webkit = await startWebKitDriver();
        await use({ webkit });
        await webkit.stop();
      } else {
        const browser = await launchPlaywrightEngine(playwright, engine);
        await use({ browser });
        await browser.close();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  visitor: async ({ engine, engineHost }, use) => {
    const visitor = 'webkit' in engineHost ? await webkitVisitor(engineHost.webkit) : await playwrightVisitor(engineHost.browser, engine as Exclude<Engine, 'webkit'>);
    await use(visitor);
    await visitor.close();
  },
  relayProxy: async ({}, use) => {
    const proxy = await startRelayProxy();
    await use(proxy);
    await proxy.close();
  },
  upstreamReport: [
    async ({}, use, testInfo) => {
      await resetUpstream();
      await use();
      if (testInfo.status !== testInfo.expectedStatus) console.log(`\n[${testInfo.project.name}: ${testInfo.title}] ${await relayReport()}\n`);
    },
    { auto: true },
  ],
});
