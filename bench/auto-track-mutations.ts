// What auto-tracking costs a page that changes its DOM thousands of times a second, in Chromium,
// Firefox and WebKit: e2e/fixtures/mutations.html makes 20,000 DOM changes (rows added and removed,
// classes and text changed, every tenth a re-render setting data-rr-view to the same value) in tasks
// of 100, with rr.js auto-tracking and without the tracker, alternating, 5 rounds each, in one run.
// Prints per engine the median busy milliseconds per 1,000 changes both ways (the tasks and the mutation
// observers' callbacks after them, not the idle time between tasks) and the difference.
// Run: npx -y pnpm@10 run build && npx -y pnpm@10 --filter @rrelay/bench run auto-track-mutations
import { cpus, loadavg } from 'node:os';
import { startEngine } from '../e2e/engines/engine-host.ts';
import type { Engine } from '../e2e/engines/visitor.ts';
import { startFixtureServer } from '../e2e/fixture-server.ts';
import { median } from './bench-page-server.ts';

const changes = 20_000;
const rounds = 5;

// The relay is never reached: consent is pending, so the tracker sends nothing.
const fixtures = await startFixtureServer({ port: 0, relayUrl: 'http://127.0.0.1:9', partnerId: '608423a9b126ac6ab3f8f0a5' });
console.log(`${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}; ${changes.toLocaleString('en')} DOM changes per round, ${rounds} rounds each way, alternating`);
const rows: string[] = [];
try {
  for (const engine of ['chromium', 'firefox', 'webkit'] as Engine[]) {
    const host = await startEngine(engine);
    const visitor = await host.newVisitor();
    try {
      const tab = await visitor.newTab();
      const timings: Record<'bare' | 'tracked', number[]> = { bare: [], tracked: [] };
      for (let round = 0; round < rounds * 2; round++) {
        const way = round % 2 ? 'tracked' : 'bare';
        await tab.goto(`${fixtures.url}/mutations.html${way == 'tracked' ? '?tracker' : ''}`);
        if (way == 'tracked') await tab.waitFor(() => (window as any).rr?.consent === 'pending');
        timings[way].push(await tab.evaluate((count: number) => (window as any).mutate(count), changes));
      }
      const perThousand = (way: 'bare' | 'tracked') => (median(timings[way]) / changes) * 1000;
      const extra = perThousand('tracked') - perThousand('bare');
      rows.push(`| ${visitor.version} | ${perThousand('bare').toFixed(2)} ms | ${perThousand('tracked').toFixed(2)} ms | ${extra.toFixed(2)} ms (${((extra / perThousand('bare')) * 100).toFixed(0)} %) |`);
    } finally {
      await visitor.close();
      await host.stop();
    }
  }
} finally {
  await fixtures.close();
}
console.log('\n| engine | busy ms per 1,000 DOM changes, no tracker | with rr.js auto-tracking | auto-tracking adds |\n| --- | ---: | ---: | ---: |');
console.log(rows.join('\n'));
