import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayUnderTest, type RelayUnderTest } from './relay-under-test.ts';

// Through wrangler dev and the local upstream: what a bot's browser sends is
// answered, counted and never forwarded; shoppers' browsers and servers are.
const apiKey = 'bot-filter-secret-key-2b7c';
const healthToken = 'bot-filter-health-token';
const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const headlessChrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';
const shopperChrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const fromPage = { origin: 'https://shop.example', 'sec-fetch-mode': 'no-cors', 'content-type': 'text/plain' };

const view = (visitor: string, productId: number) => [{ view: { sessionExternalId: visitor, timestamp: new Date().toISOString(), productId }, eventId: `${visitor}-${productId}` }];
const forwardedProductIds = (relay: RelayUnderTest) =>
  relay.upstream.accepted.flatMap((call) => call.events.map((event) => Number((event.body as { productId?: number }).productId))).sort((a, b) => a - b);

describe('the bot filter (BOT_FILTER on, the default)', () => {
  let relay: RelayUnderTest;
  beforeAll(async () => {
    relay = await startRelayUnderTest({ portOffset: 50, apiKey, healthToken, vars: { BATCH_MAX_WAIT_MS: '200', CLIENT_LIMIT: 'off' } });
  });
  afterAll(() => relay.stop());

  it('answers a crawler and a headless browser 200 without forwarding, and forwards a shopper and a server', async () => {
    const crawler = await relay.ingest(view('botcrawler', 1), { ...fromPage, 'user-agent': googlebot });
    expect(crawler.status).toBe(200);
    expect(await crawler.json()).toEqual({ accepted: 0, rejected: [], botFiltered: 1 });
    const headless = await relay.ingest([...view('botheadless', 2), ...view('botheadless', 3)], { origin: 'null', 'user-agent': headlessChrome });
    expect(await headless.json()).toEqual({ accepted: 0, rejected: [], botFiltered: 2 });

    const shopper = await relay.ingest(view('shopper', 4), { ...fromPage, 'user-agent': shopperChrome });
    expect(await shopper.json()).toEqual({ accepted: 1, rejected: [] });
    // A store's backend (the isomorphic tracker in Node): no Origin, and Node's own user agent, which isbot lists.
    const server = await relay.ingest(view('server', 5), { 'user-agent': 'node' });
    expect(await server.json()).toEqual({ accepted: 1, rejected: [] });

    await expect.poll(() => forwardedProductIds(relay), { timeout: 15_000 }).toEqual([4, 5]);
    // Give a wrongly queued bot event time to show up: still only the two.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(forwardedProductIds(relay)).toEqual([4, 5]);
  });

  it('counts the bots’ events in the health report and names them in the activity log', async () => {
    await expect.poll(async () => (await relay.health()).counts.botFiltered, { timeout: 10_000 }).toBe(3);
    const bots = (await relay.activity()).filter((entry) => entry.kind === 'bot');
    expect(bots.map((entry) => [entry.events, entry.userAgent]).sort()).toEqual([
      [1, googlebot],
      [2, headlessChrome],
    ]);
  });

  it('still answers a bot’s invalid event with the 400 naming the field', async () => {
    const answer = await relay.ingest([{ view: { sessionExternalId: 'botbad', timestamp: new Date().toISOString(), productId: 'x' } }], { ...fromPage, 'user-agent': googlebot });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ accepted: 0, rejected: [{ index: 0, path: 'view.productId', reason: 'must be a number' }] });
  });
});

describe('BOT_FILTER=off', () => {
  let relay: RelayUnderTest;
  beforeAll(async () => {
    relay = await startRelayUnderTest({ portOffset: 60, apiKey, healthToken, vars: { BATCH_MAX_WAIT_MS: '200', CLIENT_LIMIT: 'off', BOT_FILTER: 'off' } });
  });
  afterAll(() => relay.stop());

  it('forwards a crawler’s events like any other', async () => {
    const crawler = await relay.ingest(view('botcrawler', 7), { ...fromPage, 'user-agent': googlebot });
    expect(await crawler.json()).toEqual({ accepted: 1, rejected: [] });
    await expect.poll(() => forwardedProductIds(relay), { timeout: 15_000 }).toEqual([7]);
    expect((await relay.health()).counts.botFiltered).toBe(0);
  });
});
