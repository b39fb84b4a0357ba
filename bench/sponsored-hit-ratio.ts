// Hit ratio for a realistic mix of placements and sessions: visitors browse a
// few pages each (home, categories, products by popularity, a search), pages
// are revisited (back button, reload), and each page asks for its placement.
// The home banner is configured as shared (not personal); the rest are per session.
// Deterministic (seeded), bounded (BENCH_SESSIONS visitors), 8 visitors at a time,
// paced to BENCH_RATE requests a second in all (default 40), so that the figure
// is the cache's, not the 50 calls/s limit's.
//   RRELAY_TEST_PORT_BASE=34000 npx -y pnpm@10 --filter @rrelay/bench run sponsored:hit-ratio
import { partnerId, startBenchStack } from './sponsored-bench-stack.ts';

const sessions = Number(process.env.BENCH_SESSIONS ?? 300);
const inFlight = 8;
const rate = Number(process.env.BENCH_RATE ?? 40);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let seed = 42;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
/** Zipf-like popularity: a few products and categories get most views. */
const popular = (n: number) => Math.min(n, Math.floor(1 / (random() * (1 - 1 / n) + 1 / n)));

type Page = { placement: string; path: string };
const base = `/v1/partners/${partnerId}`;
function visit(session: string): Page[] {
  const s = `sessionExternalId=${session}`;
  const pages: Page[] = [{ placement: 'home-banner (shared)', path: `${base}/anyPlacements/home-banner/impressions?${s}&acceptContent=string` }];
  const views = 2 + Math.floor(random() * 6);
  for (let i = 0; i < views; i++) {
    const r = random();
    if (r < 0.25) pages.push({ placement: 'category-top', path: `${base}/categoryPlacements/category-top/impressions?${s}&categoryId=${popular(30)}&acceptContent=string,productIds` });
    else if (r < 0.85) pages.push({ placement: 'pdp-shelf', path: `${base}/productPlacements/pdp-shelf/impressions?${s}&productId=${popular(500)}&acceptContent=productIds` });
    else pages.push({ placement: 'search-top', path: `${base}/searchPlacements/search-top/impressions?${s}&searchQuery=${['tent', 'stove', 'boots', 'sleeping bag'][popular(4) - 1]}&acceptContent=string` });
    // One page in five is seen again: back button or reload.
    if (random() < 0.2) pages.push(pages[pages.length - 1]!);
  }
  if (random() < 0.3) pages.push(pages[0]!); // back to the home page
  return pages;
}

const stack = await startBenchStack(48, { SP_SHARED_PLACEMENTS: 'home-banner' });
const tally = new Map<string, Record<string, number>>();
try {
  const queue = Array.from({ length: sessions }, (_, i) => visit(`visitor${i}`));
  const worker = async () => {
    for (let pages = queue.shift(); pages; pages = queue.shift()) {
      for (const page of pages) {
        const started = Date.now();
        const response = await fetch(`${stack.relayUrl}${page.path}`);
        await response.arrayBuffer();
        const counts = tally.get(page.placement) ?? {};
        const outcome = response.headers.get('x-rrelay-cache') ?? String(response.status);
        counts[outcome] = (counts[outcome] ?? 0) + 1;
        tally.set(page.placement, counts);
        await sleep(Math.max(0, (inFlight * 1000) / rate - (Date.now() - started)));
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
} finally {
  await stack.stop();
}

console.log(`\nHit ratio, ${sessions} visitors, ${rate} requests/s, local upstream at 100 ms, default TTLs (60 s fresh, 30 s for a 204)\n`);
console.log('| placement | requests | hit | miss | stale | fallback | hit ratio |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const all: Record<string, number> = {};
const line = (name: string, c: Record<string, number>) => {
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  const hit = c.hit ?? 0;
  return `| ${name} | ${total} | ${hit} | ${c.miss ?? 0} | ${(c.stale ?? 0) + (c['stale-if-error'] ?? 0)} | ${c.fallback ?? 0} | ${((100 * hit) / total).toFixed(1)} % |`;
};
for (const [name, counts] of [...tally].sort()) {
  console.log(line(name, counts));
  for (const [k, n] of Object.entries(counts)) all[k] = (all[k] ?? 0) + n;
}
console.log(line('**all**', all));
