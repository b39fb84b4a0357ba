import { test as base } from '@playwright/test';
import { relayReport } from '../failure-report.ts';
import { startRelayProxy, type RelayProxy } from '../relay-proxy.ts';
import { resetUpstream } from '../upstream-client.ts';
import { startEngine, type EngineHost } from './engine-host.ts';
import type { Engine, Visitor } from './visitor.ts';

export { expect } from '@playwright/test';
export type { Engine, Tab, Visitor } from './visitor.ts';

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
    async ({ engine }, use) => {
      const host = await startEngine(engine);
      await use(host);
      await host.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  visitor: async ({ engineHost }, use) => {
    const visitor = await engineHost.newVisitor();
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
