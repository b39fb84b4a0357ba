// The chaos run: many visitors (plain HTTP clients and the real tracker in
// Chromium, Firefox and WebKit) send events through the relay under `wrangler dev` while the local
// upstream fails in every way it can and the relay is stopped and started
// again once; then it checks that every acknowledged event, and every event tracked in a browser,
// reached the upstream exactly once, in each visitor's order, never over the rate limit.
//
//   npx -y pnpm@10 --filter @rrelay/bench run chaos [--minutes 4] [--visitors 40] [--browsers chromium:2,firefox:1,webkit:1]
//
// Loopback only (ports from RRELAY_TEST_PORT_BASE, default 18000); exits 1 if a check fails.
import { parseArgs } from 'node:util';
import { startEngine, type EngineHost } from '../e2e/engines/engine-host.ts';
import type { Engine } from '../e2e/engines/visitor.ts';
import { startFixtureServer } from '../e2e/fixture-server.ts';
import { startRelayProxy, type RelayProxy } from '../e2e/relay-proxy.ts';
import { startStack, testPorts } from '../scripts/stack.ts';
import { startBrowserVisitor, type BrowserVisitor } from './chaos/browser-visitor.ts';
import { runHttpVisitor } from './chaos/http-visitor.ts';
import { Ledger } from './chaos/ledger.ts';
import { driveWeather } from './chaos/upstream-weather.ts';
import { judge, type AcceptedCallRecord, type CallRecord, type ReportedResend } from './chaos/verdict.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '4' },
    visitors: { type: 'string', default: '40' },
    browsers: { type: 'string', default: 'chromium:2,firefox:1,webkit:1' },
    'drain-seconds': { type: 'string', default: '180' },
    verbose: { type: 'boolean', default: false },
  },
});
const minutes = Number(args.minutes);
const httpVisitors = Math.max(0, Math.floor(Number(args.visitors)));
// `chromium:2,firefox:1,webkit:1`: how many browser visitors of each engine.
const engineCounts = args.browsers
  .split(',')
  .filter(Boolean)
  .map((entry) => {
    const [engine, count] = entry.split(':');
    if (!['chromium', 'firefox', 'webkit'].includes(engine!) || !(Number(count) >= 0)) throw new Error(`--browsers: "${entry}" is not engine:count (chromium, firefox, webkit)`);
    return [engine as Engine, Math.floor(Number(count))] as const;
  });
const browserEngines = engineCounts.flatMap(([engine, count]) => Array.from({ length: count }, () => engine));
const browserVisitors = browserEngines.length;
const drainMs = Number(args['drain-seconds']) * 1000;
if (!(minutes > 0) || !(drainMs > 0)) throw new Error('--minutes and --drain-seconds must be positive numbers');

const upstreamRps = 50;
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ports = testPorts();
const partnerId = '608423a9b126ac6ab3f8f0a5';
// The browser visitors' pages: the e2e fixture page with nothing but the tracker, on its own origin.
const fixtures = await startFixtureServer({ port: ports.demoPort + 3, relayUrl: `http://127.0.0.1:${ports.relayPort}`, partnerId });
const stack = await startStack({
  ...ports,
  partnerId,
  verbose: args.verbose,
  relayVars: {
    ALLOWED_ORIGINS: fixtures.url,
    UPSTREAM_RPS: String(upstreamRps),
    // Every simulated visitor comes from 127.0.0.1: the per-IP abuse limit would refuse them as one client.
    CLIENT_LIMIT: 'off',
    // Retries capped at 5 s instead of 5 min, so the buffer drains within the run's bounded wait.
    RETRY_MAX_MS: '5000',
  },
});
const browserMix = engineCounts.map(([engine, count]) => `${count} ${engine}`).join(', ') || 'no';
log(`stack up: relay ${stack.relayUrl}, upstream ${stack.upstream.url}; ${minutes} min, ${httpVisitors} HTTP visitors, browser visitors: ${browserMix}`);

const ledger = new Ledger();
// One Chromium and one Firefox for all their visitors (a context each); one WebKitWebDriver per WebKit visitor (one session each).
const hosts = new Map<Engine, EngineHost>();
const hostFor = async (engine: Engine) => {
  if (engine === 'webkit') return startEngine('webkit');
  if (!hosts.has(engine)) hosts.set(engine, await startEngine(engine));
  return hosts.get(engine)!;
};
const webkitHosts: EngineHost[] = [];
/** The events the upstream has accepted, as the ledger keys them (`{visitor}:{sequence}`). */
const deliveredKeys = () => new Set(stack.upstream.accepted.flatMap((call) => call.events.map((event) => `${event.body.sessionExternalId}:${(event.body as { productId?: number }).productId}`)));
const proxies: RelayProxy[] = [];

let exitCode = 1;
try {
  const runMs = minutes * 60_000;
  const stopTrackingAt = Date.now() + runMs;
  const giveUpAt = stopTrackingAt + 120_000;
  const http = Array.from({ length: httpVisitors }, (_, index) =>
    sleep(Math.random() * 2000).then(() =>
      runHttpVisitor({ relayUrl: stack.relayUrl, partnerId: stack.partnerId, visitor: `chaos${started.toString(36)}h${index}`, stopTrackingAt, giveUpAt, ledger }),
    ),
  );
  const browsers: BrowserVisitor[] = [];
  for (const engine of browserEngines) {
    const host = await hostFor(engine);
    if (engine === 'webkit') webkitHosts.push(host);
    const proxy = await startRelayProxy(stack.relayUrl);
    proxies.push(proxy);
    browsers.push(await startBrowserVisitor({ browser: await host.newVisitor(), pageUrl: `${fixtures.url}/blank.html?endpoint=${encodeURIComponent(proxy.url)}`, proxy, stopTrackingAt, ledger }));
  }
  const weather = driveWeather(stack.upstream.url, 8000, stopTrackingAt, args.verbose ? log : () => {});
  const progress = setInterval(() => log(`sent ${ledger.sent.size}, acknowledged ${ledger.acknowledged.size}, upstream calls ${stack.upstream.calls.length}`), 15_000);

  await sleep(runMs * 0.5);
  log('stopping the relay (wrangler dev), keeping its state');
  const downAt = Date.now();
  await stack.restartRelay();
  const upAt = Date.now();
  log(`relay back after ${((upAt - downAt) / 1000).toFixed(1)} s`);

  const weatherChanges = await weather;
  await Promise.all(http);
  await Promise.all(browsers.map((visitor) => visitor.finish()));
  clearInterval(progress);
  log(`visitors done (${weatherChanges} upstream spells); waiting up to ${drainMs / 1000} s for the buffer to drain`);

  const drainUntil = Date.now() + drainMs;
  let pending = -1;
  let counts: Record<string, number> = {};
  while (Date.now() < drainUntil) {
    const report = await fetch(`${stack.relayUrl}/health/report`, { headers: { authorization: `Bearer ${stack.healthToken}` } }).then(
      (response) => (response.ok ? (response.json() as Promise<{ counts?: Record<string, number> }>) : undefined),
      () => undefined,
    );
    counts = report?.counts ?? counts;
    pending = report?.counts?.pending ?? -1;
    const delivered = deliveredKeys();
    // Acknowledged events, and every event tracked in a browser (whose requests are not observed).
    const missing = [...ledger.acknowledged, ...[...ledger.sent].flatMap(([key, kind]) => (kind == 'browser' ? [key] : []))].filter((key) => !delivered.has(key)).length;
    if (pending == 0 && missing == 0) break;
    await sleep(2000);
  }
  log(`drained: ${pending == 0 ? 'yes' : `no (pending ${pending})`}`);

  // The calls the relay itself reported as sent again with an unknown first outcome: their copies are allowed.
  const reported = await fetch(`${stack.relayUrl}/admin/possible-duplicates?limit=500`, { headers: { authorization: `Bearer ${stack.healthToken}` } }).then(
    async (response) => (response.ok ? ((await response.json()) as { calls: ReportedResend[] }).calls : []),
    () => [] as ReportedResend[],
  );
  const verdict = judge(ledger, stack.upstream.accepted as AcceptedCallRecord[], stack.upstream.calls as CallRecord[], upstreamRps, reported);
  const statuses = new Map<number, number>();
  for (const call of stack.upstream.calls) statuses.set(call.status, (statuses.get(call.status) ?? 0) + 1);
  const delivered = deliveredKeys();
  const browserTally = (engine: Engine) => {
    const visitors = new Set(browsers.filter((candidate) => candidate.engine == engine).map((candidate) => candidate.visitor));
    const tracked = [...ledger.sent.keys()].filter((key) => visitors.has(key.slice(0, key.lastIndexOf(':'))));
    return `${tracked.length} / ${tracked.filter((key) => delivered.has(key)).length}`;
  };
  const rows: [string, string | number][] = [
    ['run', `${minutes} min, ${httpVisitors} HTTP visitors + browser visitors: ${browserMix}, relay restarted once, ${((Date.now() - started) / 1000).toFixed(0)} s in all`],
    ['events sent (tracked)', verdict.sent],
    ['acknowledged (2xx from the relay)', verdict.acknowledged],
    ['delivered upstream (distinct)', verdict.delivered],
    ['duplicates upstream (unexplained)', `${verdict.duplicates} (${verdict.unexplainedDuplicates})`],
    [
      'possibly duplicated, reported by the relay',
      `${(verdict.possiblyDuplicated.restart ?? 0) + (verdict.possiblyDuplicated.no_answer ?? 0)} events (restart mid-call: ${verdict.possiblyDuplicated.restart ?? 0}, no answer: ${verdict.possiblyDuplicated.no_answer ?? 0})`,
    ],
    ['lost (acknowledged, not delivered)', verdict.lost],
    ['order violations (HTTP / browser visitors)', `${verdict.orderViolations.http} / ${verdict.orderViolations.browser}`],
    ['highest upstream calls in one second', `${verdict.peakCallsPerSecond} (limit ${verdict.upstreamRps})`],
    ['upstream calls by status (0 = dropped/held)', [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ')],
    ['sends repeated on purpose / retried', `${ledger.duplicateSends} / ${ledger.retriedSends}`],
    ['relay: duplicates dropped / retried / dead-lettered', `${counts.duplicates} / ${counts.retried} / ${counts.deadLettered}`],
    ['never acknowledged: delivered anyway', verdict.unacknowledgedDelivered],
    ['never acknowledged, never delivered (HTTP / browser)', `${verdict.unacknowledgedMissing.http} / ${verdict.unacknowledgedMissing.browser}`],
    ...engineCounts.filter(([, count]) => count > 0).map(([engine]): [string, string] => [`${engine} visitors: tracked / delivered`, browserTally(engine)]),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\nchaos run\n${rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n')}`);
  for (const [kind, keys] of Object.entries(verdict.examples)) if (keys.length) console.log(`  examples (${kind}): ${keys.join(', ')}`);
  const seconds = (at: number) => `${((at - started) / 1000).toFixed(1)} s`;
  console.log(`  relay down from ${seconds(downAt)} to ${seconds(upAt)}`);
  // A browser event that never arrived: what its visitor did around it (the relay's down time is above).
  for (const example of verdict.examples.unacknowledgedMissing) {
    const [visitor, sequence] = example.split(':');
    const steps = browsers.find((candidate) => candidate.visitor == visitor)?.steps;
    if (!steps) continue;
    const index = steps.findIndex((step) => step.tracked && step.tracked[0] <= Number(sequence) && Number(sequence) <= step.tracked[1]);
    if (index < 0) continue;
    const around = steps.slice(Math.max(0, index - 1), index + 3).map((step) => `${seconds(step.at)} ${step.action}${step.tracked ? ` after tracking ${step.tracked.join('-')}` : ''}`);
    console.log(`  ${example} never arrived; its visitor: ${around.join('; ')}`);
  }
  // A browser visitor's events out of order: its engine, what it did around them, and the calls that carried them.
  for (const example of verdict.examples.order.slice(0, 1)) {
    const match = example.match(/^(\S+): (\d+) after (\d+)$/);
    const visitor = browsers.find((candidate) => candidate.visitor == match?.[1]);
    if (!match || !visitor) continue;
    const [late, early] = [Number(match[2]), Number(match[3])];
    const steps = visitor.steps.filter((step) => !step.tracked || (step.tracked[1] >= late - 2 && step.tracked[0] <= early + 2));
    console.log(`  ${example} (${visitor.engine}); its visitor: ${steps.slice(0, 12).map((step) => `${seconds(step.at)} ${step.action}${step.tracked ? ` after tracking ${step.tracked.join('-')}` : ''}`).join('; ')}`);
    for (const sequence of [late, early]) {
      const calls = stack.upstream.accepted.filter((call) => call.events.some((event) => event.body.sessionExternalId == visitor.visitor && (event.body as { productId?: number }).productId == sequence));
      console.log(`    ${sequence} arrived in calls received at ${calls.map((call) => `${seconds(call.receivedAt)} (${call.events.length} events)`).join(', ')}`);
    }
  }
  for (const example of verdict.examples.duplicates.slice(0, 2)) {
    const [visitor, sequence] = example.split(' ')[0]!.split(':');
    const copies = stack.upstream.accepted.filter((call) => call.events.some((event) => event.body.sessionExternalId == visitor && (event.body as { productId?: number }).productId == Number(sequence)));
    console.log(`  ${example} arrived in calls received at ${copies.map((call) => `${seconds(call.receivedAt)} (${call.events.length} events)`).join(', ')}`);
  }
  if (verdict.failures.length) console.log(`\nFAILED: ${verdict.failures.join('; ')}`);
  else {
    console.log('\nall checks passed');
    exitCode = 0;
  }
} finally {
  for (const host of [...hosts.values(), ...webkitHosts]) await host.stop().catch(() => {});
  for (const proxy of proxies) await proxy.close();
  await stack.stop();
  await fixtures.close();
}
process.exit(exitCode);
