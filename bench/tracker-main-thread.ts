// Main-thread cost of the tracker in Chromium: loads the production dist/rr.js
// into a page and calls rr.view() 10,000 times (in 200 tasks of 50 calls, as a
// storefront would spread them), with the tracker's own batching, checks and
// sends (the relay is answered by Playwright routing, so only the page's own
// work is measured). Prints the median µs per call (over the 200 tasks, since
// performance.now() is coarsened to 100 µs) and the longest task the
// PerformanceObserver `longtask` entry type saw (tasks of 50 ms or more).
// Run: npx -y pnpm@10 --filter @rrelay/tracker run build && npx -y pnpm@10 --filter @rrelay/bench run tracker-main-thread
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { chromiumOnThisMachine } from '../e2e/engines/playwright-visitor.ts';

const script = readFileSync(new URL('../packages/tracker/dist/rr.js', import.meta.url), 'utf8');
const origin = 'http://shop.bench';
const browser = await chromium.launch(chromiumOnThisMachine);
try {
  const page = await browser.newPage();
  let requests = 0;
  await page.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/rr.js') return route.fulfill({ contentType: 'text/javascript', body: script });
    if (path.startsWith('/1.0/')) return requests++, route.fulfill({ status: 200, contentType: 'application/json', body: '{"accepted":50,"rejected":[]}' });
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html data-rr-stock-id="Berlin"><head><script src="/rr.js" data-partner-id="608423a9b126ac6ab3f8f0a5" data-endpoint="${origin}"></script></head><body><main data-rr-view="1"></main></body></html>`,
    });
  });
  await page.goto(`${origin}/product`);
  const result = await page.evaluate(async () => {
    const rr = (window as any).rr;
    const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
    // Warm-up (JIT), also spread over tasks.
    for (let task = 0; task < 20; task++) {
      for (let i = 0; i < 50; i++) rr.view({ productId: 1 + i, stockId: 'Berlin' });
      await nextTask();
    }
    // Only tasks from here on: page load is not the tracker's doing.
    const since = performance.now();
    const longTasks: number[] = [];
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => entry.startTime >= since && longTasks.push(entry.duration))).observe({ type: 'longtask', buffered: true });
    const perCall: number[] = [];
    const callsPerTask = 50;
    for (let task = 0; task < 200; task++) {
      const start = performance.now();
      for (let i = 0; i < callsPerTask; i++) rr.view({ productId: 1 + ((task * callsPerTask + i) % 500), stockId: 'Berlin' });
      perCall.push(((performance.now() - start) * 1000) / callsPerTask);
      await nextTask();
    }
    await rr.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    perCall.sort((a, b) => a - b);
    return {
      calls: perCall.length * callsPerTask,
      medianMicroseconds: perCall[perCall.length >> 1]!,
      p95Microseconds: perCall[Math.floor(perCall.length * 0.95)]!,
      longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
      longTasks: longTasks.length,
      slowestTaskMs: (perCall[perCall.length - 1]! * callsPerTask) / 1000,
    };
  });
  console.log(`tracker main thread, Chromium ${browser.version()}: ${result.calls} rr.view() calls in 200 tasks (${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)})`);
  console.log(`  median ${result.medianMicroseconds.toFixed(1)} µs per call (p95 of the per-task means ${result.p95Microseconds.toFixed(1)} µs)`);
  console.log(`  long tasks (≥50 ms): ${result.longTasks}${result.longTasks ? `, longest ${result.longestTaskMs.toFixed(1)} ms` : ''}`);
  console.log(`  slowest of the 200 tasks of 50 calls: ${result.slowestTaskMs.toFixed(1)} ms; requests to the relay: ${requests}`);
} finally {
  await browser.close();
}
