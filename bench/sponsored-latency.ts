// Cache-hit latency of the relay's Sponsored Products route, side by side with a
// miss, with calling the (local, 100 ms) upstream directly, and with a bare
// hello-world Worker under `wrangler dev` on the same machine. Serial requests
// on loopback; prints p50/p99 per case and the ratios the issue sets as goals.
//   RRELAY_TEST_PORT_BASE=34000 npx -y pnpm@10 --filter @rrelay/bench run sponsored:latency
import { testPorts } from '../scripts/stack.ts';
import { apiKey, percentile, productImpressionPath, startBenchStack, startHelloWorld, timeGet } from './sponsored-bench-stack.ts';

const samples = Number(process.env.BENCH_SAMPLES ?? 300);
// A long budget, so that a miss on a loaded machine is measured, not cut short to a 204.
const stack = await startBenchStack(40, { SP_BUDGET_MS: '5000' });
const hello = await startHelloWorld(testPorts(43).relayPort);
const results: Record<string, number[]> = {};
const unexpected: string[] = [];

async function measure(name: string, url: (i: number) => string, expectCache?: string) {
  for (let i = 0; i < 20; i++) await timeGet(url(-1 - i)); // warm-up
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { ms, response } = await timeGet(url(i));
    const cache = response.headers.get('x-rrelay-cache');
    if (expectCache && cache !== expectCache) unexpected.push(`${name}: x-rrelay-cache ${cache} (${response.status})`);
    else times.push(ms);
  }
  results[name] = times;
}

try {
  await measure('bare hello-world worker', () => hello.url);
  await measure('relay, cache hit', () => `${stack.relayUrl}${productImpressionPath('benchhit')}`, 'hit');
  // A new session each time: a miss every time, within the 50/s limit as each takes 100+ ms.
  await measure('relay, cache miss', (i) => `${stack.relayUrl}${productImpressionPath(`benchmiss${i + 100}`)}`, 'miss');
  await measure('upstream directly', (i) => `${stack.upstream.url}${productImpressionPath(`benchdirect${i + 100}`)}&apiKey=${apiKey}`);
} finally {
  await hello.stop();
  await stack.stop();
}

const row = (name: string) => {
  const t = results[name]!;
  return `| ${name.padEnd(24)} | ${percentile(t, 50).toFixed(2).padStart(8)} | ${percentile(t, 99).toFixed(2).padStart(8)} |`;
};
console.log(`\nSponsored Products latency, ${samples} serial requests each, local upstream at 100 ms (milliseconds)\n`);
console.log('| case                     |      p50 |      p99 |');
console.log('| ------------------------ | -------: | -------: |');
for (const name of Object.keys(results)) console.log(row(name));
const p50 = (name: string) => percentile(results[name]!, 50);
const p99 = (name: string) => percentile(results[name]!, 99);
if (unexpected.length) console.log(`\nleft out (not the outcome measured): ${unexpected.length}: ${[...new Set(unexpected)].join('; ')}`);
console.log(`\nhit vs bare worker: p50 ${(p50('relay, cache hit') / p50('bare hello-world worker')).toFixed(2)}×, p99 ${(p99('relay, cache hit') / p99('bare hello-world worker')).toFixed(2)}× (goal ≤ 1.5×)`);
console.log(`upstream vs hit:    p50 ${(p50('upstream directly') / p50('relay, cache hit')).toFixed(1)}× faster, p99 ${(p99('upstream directly') / p99('relay, cache hit')).toFixed(1)}× (goal ≥ 12×)`);
