// Upstream calls made for 100 concurrent identical cache misses (goal: 1), over
// several rounds, each with a new session so every round starts cold.
//   RRELAY_TEST_PORT_BASE=34000 npx -y pnpm@10 --filter @rrelay/bench run sponsored:single-flight
import { productImpressionPath, startBenchStack } from './sponsored-bench-stack.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const concurrency = 100;
const stack = await startBenchStack(45);
const lines: string[] = [];
try {
  await fetch(`${stack.relayUrl}${productImpressionPath('warmup')}`);
  for (let round = 1; round <= rounds; round++) {
    const before = stack.upstream.sponsoredCalls();
    const url = `${stack.relayUrl}${productImpressionPath(`flight${Date.now()}r${round}`)}`;
    const responses = await Promise.all(Array.from({ length: concurrency }, () => fetch(url)));
    const outcomes: Record<string, number> = {};
    for (const r of responses) {
      const key = `${r.status} ${r.headers.get('x-rrelay-cache')}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      await r.arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // a call past the budget still counts
    lines.push(`| ${round} | ${stack.upstream.sponsoredCalls() - before} | ${Object.entries(outcomes).map(([k, n]) => `${n}× ${k}`).join(', ')} |`);
  }
} finally {
  await stack.stop();
}
console.log(`\n${concurrency} concurrent identical misses, local upstream at 100 ms\n`);
console.log('| round | upstream calls | answers (status x-rrelay-cache) |');
console.log('| ---: | ---: | --- |');
for (const line of lines) console.log(line);
