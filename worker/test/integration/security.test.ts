import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UpstreamBehaviour } from '../../local-upstream/local-upstream.ts';
import { startRelayUnderTest, type RelayUnderTest } from './relay-under-test.ts';

// The findings of the security review, each tried as the attacker did, against
// the relay under `wrangler dev` and the local upstream. The abuse limits are on
// (CLIENT_LIMIT), and the key holds the characters that survive only encoded.

const apiKey = 'sec+ret/Key=42';
const healthToken = 'health-token-for-security-9f3e';
let relay: RelayUnderTest;
let run = 0;

const calm: Partial<UpstreamBehaviour> = { latencyMs: 5, spLatencyMs: 5, spEmptyShare: 0, failNext: 0, failStatus: 0, spFailStatus: 0, echoUrlOnFailure: false, refuseKey: false };

beforeAll(async () => {
  relay = await startRelayUnderTest({
    portOffset: 40,
    apiKey,
    healthToken,
    upstream: { behaviour: calm },
    vars: { ALLOWED_ORIGINS: '*', BATCH_MAX_WAIT_MS: '200', RETRY_BASE_MS: '300', RETRY_MAX_MS: '3000', AUTH_RETRY_SECONDS: '1' },
  });
});
afterAll(() => relay.stop());
beforeEach(() => {
  relay.upstream.accepted.length = 0;
  relay.upstream.calls.length = 0;
  Object.assign(relay.upstream.behaviour, calm);
  run++;
});

const bearer = { authorization: `Bearer ${healthToken}` };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Waits, if need be, until at least `needMs` are left in the current window of
 * a rate limit of `periodMs`: the Rate Limiting binding counts in windows
 * aligned to the clock, and a test that straddled two would get twice the budget.
 */
async function withinOneWindow(periodMs: number, needMs: number) {
  const left = periodMs - (Date.now() % periodMs);
  if (left < needMs) await sleep(left + 50);
}
const now = () => new Date().toISOString().replace('Z', '+00:00');
const view = (visitor: string, productId = 1, timestamp = now()) => ({ view: { sessionExternalId: visitor, timestamp, productId } });

const ingest = (body: unknown, headers: Record<string, string> = {}) => relay.ingest(body, headers);
const impressions = (session: string, ip: string) =>
  fetch(`${relay.relayUrl}/v1/partners/${relay.partnerId}/anyPlacements/home/impressions?session=${session}&acceptContent=productIds`, { headers: { 'cf-connecting-ip': ip } });
const health = () => relay.health();
/** The raw feed, to measure what an operator downloads. */
const activity = (limit = 500) => fetch(`${relay.relayUrl}/admin/activity?limit=${limit}`, { headers: bearer });

/** Every spelling of the key an echo could carry. */
const keyForms = [apiKey, encodeURIComponent(apiKey), encodeURIComponent(apiKey).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()), new URLSearchParams({ k: apiKey }).toString().slice(2), 'sec+ret', 'Key=42'];
const expectNoKey = (text: string) => {
  for (const form of keyForms) expect(text, form).not.toContain(form);
};

describe('security review findings', () => {
  it('1. never keeps or logs the apiKey, in any spelling, when the upstream quotes its request URL', async () => {
    Object.assign(relay.upstream.behaviour, { failNext: 2, failNextStatus: 500, echoUrlOnFailure: true });
    await ingest([view(`leak${run}`)]);
    await expect.poll(() => relay.upstream.accepted.length, { timeout: 15_000 }).toBe(1);
    // The upstream did quote the key back, encoded:
    expect(relay.upstream.calls.filter((call) => call.status === 500)).toHaveLength(2);
    const report = JSON.stringify(await health());
    const feed = await (await activity()).text();
    expect(feed).toContain('internal error while handling POST /1.0/visitorEvents?apiKey=[secret]');
    for (const text of [report, feed, relay.output()]) expectNoKey(text);

    // Sponsored Products: the failure is logged (sponsored_upstream_failed), without the key.
    Object.assign(relay.upstream.behaviour, { spFailStatus: 500 });
    expect((await impressions(`leak${run}`, '198.51.100.7')).status).toBe(204);
    await expect.poll(() => relay.output().includes('sponsored_upstream_failed'), { timeout: 5000 }).toBe(true);
    expect(relay.output()).toContain('apiKey=[secret]');
    expectNoKey(relay.output());
  });

  it('2. caps what a client can make the relay echo and store, so the operator feed stays small', async () => {
    const huge = 'x'.repeat(250_000);
    const answer = await ingest([{ view: { sessionExternalId: `flood${run}`, timestamp: now(), productId: 1, [huge]: 1 } }]);
    expect(answer.status).toBe(400);
    const body = await answer.text();
    expect(body.length).toBeLessThan(1000);
    expect(JSON.parse(body).rejected[0]).toEqual({ index: 0, path: `view.${'x'.repeat(59)}…`, reason: 'is not a field of this event' });
    await sleep(300);
    expect((await (await activity(1)).text()).length).toBeLessThan(2000);
    // 150 of them in a row: the feed still answers, and small.
    for (let i = 0; i < 150; i += 15) {
      await Promise.all(Array.from({ length: 15 }, (_, j) => ingest([{ [`${huge}${i + j}`]: {} }]).then((response) => response.text())));
    }
    await sleep(500);
    const feed = await activity(200);
    expect(feed.status).toBe(200);
    expect((await feed.text()).length).toBeLessThan(200 * 1000);
  });

  it('4. keeps a flood of made-up sessions from one address from shutting Sponsored Products off for everyone', async () => {
    const attacker = '203.0.113.66';
    const shopper = '198.51.100.20';
    const served = (response: Response) => response.status === 200 && response.headers.get('x-rrelay-cache') === 'miss';
    // The whole flood inside one window of the address limit (10 s, aligned to the clock).
    await withinOneWindow(10_000, 9500);
    // 50 a second (the partner's whole Sponsored Products budget) for nine seconds, each a new session: a
    // miss, so an upstream call. Faster, this machine's relay falls behind, and the test measures that instead.
    let overItsShare: () => void = () => {};
    const refusedOnce = new Promise<void>((resolve) => (overItsShare = resolve));
    let lastSentAt = 0;
    const flood = Array.from({ length: 450 }, (_, i) =>
      sleep(i * 20)
        .then(() => {
          lastSentAt = Date.now();
          return impressions(`flood${run}n${i}`, attacker);
        })
        .then((response) => {
          if (response.status === 429) overItsShare();
          return response;
        }),
    );
    // What the address was let through before it was held to its share (100 misses in 10 s, two seconds
    // of the partner's 50 calls a second) fills the partner's budget for a moment, and an upstream 429 then
    // pauses every call for its Retry-After (1 s). That moment must pass within seconds, while the flood goes on.
    await refusedOnce;
    await expect.poll(async () => served(await impressions(`probe${run}n${Date.now()}`, '198.51.100.21')), { timeout: 5000, interval: 100 }).toBe(true);
    const shoppers: Response[] = [];
    for (let i = 0; i < 10; i++) {
      shoppers.push(await impressions(`shopper${run}n${i}`, shopper));
      await sleep(150);
    }
    const shoppersDoneAt = Date.now();
    const floodAnswers = await Promise.all(flood);
    // The shoppers came while the flood went on, and it was refused to the end.
    expect(shoppersDoneAt).toBeLessThan(lastSentAt);
    expect(floodAnswers.at(-1)!.status).toBe(429);
    // The address is held to its share: most of its requests refused, by name.
    const refused = floodAnswers.filter((response) => response.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(225);
    expect(JSON.parse(await refused[0]!.text()).error).toMatchObject({ field: 'ip' });
    // The shoppers meanwhile got the upstream's impressions, not the empty fallback.
    expect(shoppers.filter(served).length).toBeGreaterThanOrEqual(8);
  });

  it('5. counts events, not only requests, per address: 500 made-up visitors a request are held to the same limit', async () => {
    const ip = '192.0.2.55';
    const statuses: number[] = [];
    await withinOneWindow(60_000, 20_000);
    for (let request = 0; request < 20; request++) {
      const events = Array.from({ length: 500 }, (_, i) => view(`many${run}r${request}v${i}`));
      const response = await ingest(events, { 'cf-connecting-ip': ip });
      statuses.push(response.status);
      if (response.status === 429) expect(JSON.parse(await response.text()).error).toMatchObject({ field: 'ip', reason: expect.stringContaining('too many events') });
    }
    // 6,000 events a minute per address, in units of 10: twelve requests of 500, then refusals.
    expect(statuses.slice(0, 12).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(12).every((status) => status === 429)).toBe(true);
    // Another address is not affected.
    expect((await ingest([view(`other${run}`)], { 'cf-connecting-ip': '192.0.2.56' })).status).toBe(200);
  });

  it('5. drops events held for a refused key once HELD_RETENTION_HOURS has passed, after an alert that says when', async () => {
    await relay.restart({ HELD_RETENTION_HOURS: '0.002' }); // 7.2 s
    relay.upstream.behaviour.refuseKey = true;
    const visitor = `held${run}`;
    await ingest([view(visitor, 1), view(visitor, 2)]);
    await expect.poll(async () => (await health()).alerts.join(' '), { timeout: 10_000 }).toMatch(/refuses the key .* held until it is fixed, for at most 0 h each/);
    await expect
      .poll(async () => ((await (await activity()).json()) as { entries: { kind: string; visitor?: string; reason?: string }[] }).entries.filter((e) => e.kind === 'dead_letter' && e.visitor === visitor).map((e) => e.reason), {
        timeout: 30_000,
        interval: 500,
      })
      .toEqual(['held for a refused key longer than 0.002 h (HELD_RETENTION_HOURS)', 'held for a refused key longer than 0.002 h (HELD_RETENTION_HOURS)']);
    relay.upstream.behaviour.refuseKey = false;
    await relay.restart();
  });

  it('5. bounds what any flood can make a shard store: a full shard refuses new events with a 503, and the report warns first', async () => {
    await relay.restart({ MAX_PENDING_PER_SHARD: '30' });
    relay.upstream.behaviour.refuseKey = true; // nothing leaves: every event stays pending
    const visitor = `full${run}`; // one visitor, so one shard
    const statuses: number[] = [];
    for (let round = 0; round < 4; round++) {
      const response = await ingest(Array.from({ length: 10 }, (_, i) => view(visitor, round * 10 + i + 1)));
      statuses.push(response.status);
      if (response.status === 503) {
        expect(response.headers.get('retry-after')).toBe('60');
        expect(JSON.parse(await response.text()).error.reason).toMatch(/holds as many events as it may \(MAX_PENDING_PER_SHARD\)/);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 503]);
    expect((await health()).alerts.join(' ')).toMatch(/a buffer shard holds 100 % of MAX_PENDING_PER_SHARD/);
    relay.upstream.behaviour.refuseKey = false;
    await expect.poll(async () => (await health()).counts.pending, { timeout: 20_000 }).toBe(0);
    await relay.restart();
  });

  it('6. answers any origin with * but never with credentials, and the operator endpoints to no origin at all', async () => {
    for (const origin of ['https://evil.example', 'null']) {
      const response = await ingest([view(`cors${run}`)], { origin });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      for (const path of ['/health/report', '/admin/activity']) {
        const operator = await fetch(`${relay.relayUrl}${path}`, { headers: { ...bearer, origin } });
        expect(operator.status).toBe(200);
        expect(operator.headers.get('access-control-allow-origin'), path).toBeNull();
        const preflight = await fetch(`${relay.relayUrl}${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
        expect(preflight.status).toBe(403);
        expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      }
    }
  });

  it('8. refreshes the session cookie only when the request holds exactly one, and only for events it took', async () => {
    const one = await ingest([view('cookieVisitor1')], { cookie: 'rrsid=cookieVisitor1' });
    expect(one.headers.get('set-cookie')).toBe('rrsid=cookieVisitor1; Max-Age=31536000; Path=/; SameSite=Lax');
    const two = await ingest([view('cookieVisitor1')], { cookie: 'rrsid=attacker123; rrsid=victim456' });
    expect(two.status).toBe(200);
    expect(two.headers.get('set-cookie')).toBeNull();
    expect((await ingest('not json', { cookie: 'rrsid=cookieVisitor1' })).headers.get('set-cookie')).toBeNull();
  });

  it('9. caps a Retry-After of a day at ten minutes, and refuses events far in the past or the future by name', async () => {
    Object.assign(relay.upstream.behaviour, { failNext: 1, failNextStatus: 429, retryAfterSeconds: 86_400 });
    await ingest([view(`patient${run}`)]);
    await expect
      .poll(async () => ((await (await activity()).json()) as { entries: { kind: string; status?: number; retryInMs?: number }[] }).entries.find((e) => e.kind === 'retry' && e.status === 429), { timeout: 10_000 })
      .toMatchObject({ retryInMs: expect.any(Number) });
    const retry = ((await (await activity()).json()) as { entries: { kind: string; status?: number; retryInMs?: number }[] }).entries.find((e) => e.kind === 'retry' && e.status === 429)!;
    expect(retry.retryInMs).toBeLessThanOrEqual(600_000);
    expect(retry.retryInMs).toBeGreaterThan(300_000);

    const day = 86_400_000;
    const at = (offset: number) => new Date(Date.now() + offset).toISOString().replace('Z', '+00:00');
    const answer = await ingest([view(`time${run}`, 1, at(-15 * day)), view(`time${run}`, 2, at(0)), view(`time${run}`, 3, at(2 * day))]);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      accepted: 1,
      rejected: [
        { index: 0, path: 'view.timestamp', reason: 'is more than 14 days old' },
        { index: 2, path: 'view.timestamp', reason: "is more than 24 h ahead of the relay's clock" },
      ],
    });
  });
});
