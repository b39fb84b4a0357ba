import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startRelay, stopProcess, testPorts } from '../../../scripts/stack.ts';
import { startLocalUpstream, type LocalUpstream, type UpstreamBehaviour } from '../../local-upstream/local-upstream.ts';

// The relay under `wrangler dev` (real Cache API, real Durable Objects) against
// the local upstream over HTTP, with short TTLs so expiry can be watched.
const partnerId = '608423a9b126ac6ab3f8f0a5';
const apiKey = 'sponsored-secret-key-91ac';
const { relayPort } = testPorts(20);
const relayUrl = `http://127.0.0.1:${relayPort}`;
const defaults: Partial<UpstreamBehaviour> = { latencyMs: 5, spLatencyMs: 20, spFailStatus: 0, spRetryAfterSeconds: 1 };
let upstream: LocalUpstream;
let relay: ChildProcess;

beforeAll(async () => {
  upstream = await startLocalUpstream({ apiKey, partnerIds: [partnerId], behaviour: defaults });
  relay = await startRelay(
    relayPort,
    {
      RR_API_KEY: apiKey,
      RR_PARTNER_ID: partnerId,
      RR_TRACKING_URL: `${upstream.url}/1.0/`,
      RR_SP_URL: `${upstream.url}/v1/`,
      ALLOWED_ORIGINS: 'https://shop.example',
      SP_FRESH_SECONDS: '1',
      SP_EMPTY_SECONDS: '1',
      SP_STALE_WHILE_REVALIDATE_SECONDS: '1',
      SP_STALE_IF_ERROR_SECONDS: '60',
      // Longer than the 300 ms default, so a machine loaded by parallel test suites does not turn misses into fallbacks.
      SP_BUDGET_MS: '1500',
      SP_SHARED_PLACEMENTS: 'anyPlacements/home-banner,categoryPlacements/cat-shared,bare-id',
      // Every request here comes from 127.0.0.1: the per-IP limit on misses (security.test.ts) would refuse them as one client.
      CLIENT_LIMIT: 'off',
    },
    mkdtempSync(join(tmpdir(), 'rrelay-sp-')),
  );
});
afterAll(async () => {
  await stopProcess(relay);
  await upstream.close();
});
beforeEach(() => {
  upstream.accepted.length = 0;
  Object.assign(upstream.behaviour, defaults);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let unique = 0;
/** A session id no other test uses, so every test starts with a cold cache. */
const freshSession = () => `s${Date.now().toString(36)}${(unique++).toString(36)}`;
const calls = () => upstream.sponsoredCalls();
const impressions = (path: string, headers: Record<string, string> = {}) => fetch(`${relayUrl}/v1/partners/${partnerId}/${path}`, { headers });
const product = (session: string, placement = 'always-pdp', productId = 42) =>
  impressions(`productPlacements/${placement}/impressions?sessionExternalId=${session}&productId=${productId}&acceptContent=string,productIds&stockId=Berlin`);
const body = async (response: Response) => (response.status === 200 ? await response.json() : null);
/**
 * Puts the session's product impression in the cache and returns it. On a loaded machine the first
 * request may pass the budget (204 fallback); its late answer is cached all the same, so ask again.
 */
async function primed(session: string): Promise<unknown> {
  let impression: unknown = null;
  await expect.poll(async () => (impression = await body(await product(session))), { timeout: 10_000, interval: 200 }).not.toBeNull();
  return impression;
}

describe('the drop-in impressions path, minus the key', () => {
  it.each([
    ['productPlacements', 'productId=42'],
    ['productGroupsPlacements', 'productIds=1,2,3'],
    ['productGroupPlacements', 'productIds=4,5'],
    ['categoryPlacements', 'categoryId=7'],
    ['searchPlacements', 'searchQuery=tent'],
    ['anyPlacements', ''],
  ])('forwards %s with its context and the apiKey added', async (kind, context) => {
    const session = freshSession();
    const response = await impressions(`${kind}/always-${kind}/impressions?session=${session}&acceptContent=string${context ? `&${context}` : ''}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-rrelay-cache')).toBe('miss');
    expect(await response.json()).toMatchObject({ id: expect.any(String), content: { id: expect.any(String), string: expect.stringContaining('Sponsored') } });
    // The local upstream answers 401 to a wrong key: an accepted call proves the relay added the right one.
    expect(upstream.accepted).toHaveLength(1);
    expect(upstream.accepted[0]).toMatchObject({ method: 'impressions', partnerId, status: 200, query: { session, acceptContent: 'string' } });
  });

  it('passes a 204 (nothing to show) on as a 204', async () => {
    const response = await impressions(`anyPlacements/empty-home/impressions?session=${freshSession()}&acceptContent=string`);
    expect(response.status).toBe(204);
    expect(response.headers.get('x-rrelay-cache')).toBe('miss');
    expect(upstream.accepted.map((call) => call.status)).toEqual([204]);
  });

  it.each([
    ['productPlacements/p/impressions?session=a&acceptContent=string', 'productId', 'is required'],
    ['productPlacements/p/impressions?session=a&acceptContent=string&productId=0', 'productId', 'must be a positive integer'],
    ['categoryPlacements/p/impressions?session=a&acceptContent=string&categoryId=1&productId=2', 'productId', 'is not a parameter of this placement kind'],
    ['anyPlacements/p/impressions?acceptContent=string', 'sessionExternalId', 'session or sessionExternalId is required'],
    ['anyPlacements/p/impressions?session=a&acceptContent=html', 'acceptContent', 'must be a comma-separated list of string and productIds'],
    ['anyPlacements/p/impressions?session=a&acceptContent=string&apiKey=x', 'apiKey', 'must not be sent: the relay adds it'],
    ['anyPlacements/p/impressions?session=a&session=b&acceptContent=string', 'session', 'must be given once'],
    ['shelfPlacements/p/impressions?session=a&acceptContent=string', 'kind', expect.stringContaining('must be one of')],
  ])('answers 400 for %s, naming %s, without calling the upstream', async (path, field, reason) => {
    const before = calls();
    const response = await impressions(path);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { status: 400, field, reason } });
    expect(calls()).toBe(before);
  });

  it('answers 403 for a partner id the relay does not serve, and CORS headers for an allowed origin', async () => {
    const foreign = await fetch(`${relayUrl}/v1/partners/000000000000000000000000/anyPlacements/p/impressions?session=a&acceptContent=string`);
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { field: 'partnerId' } });
    const allowed = await impressions(`anyPlacements/always-cors/impressions?session=${freshSession()}&acceptContent=string`, { origin: 'https://shop.example' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('the edge cache', () => {
  it('serves a repeated request from the cache with the same impression, without an upstream call', async () => {
    const session = freshSession();
    const before = calls();
    const first = await product(session);
    const second = await product(session);
    expect([first.headers.get('x-rrelay-cache'), second.headers.get('x-rrelay-cache')]).toEqual(['miss', 'hit']);
    expect(await body(second)).toEqual(await body(first));
    expect(calls() - before).toBe(1);
  });

  it('keys by session, and by every context parameter, unless the placement is shared', async () => {
    const before = calls();
    const a = freshSession();
    await product(a);
    expect((await product(freshSession())).headers.get('x-rrelay-cache')).toBe('miss');
    expect((await product(a, 'always-pdp', 43)).headers.get('x-rrelay-cache')).toBe('miss');
    expect(calls() - before).toBe(3);

    const shared = (session: string) => impressions(`anyPlacements/home-banner/impressions?session=${session}&acceptContent=productIds,string`);
    const sharedCategory = (session: string) => impressions(`categoryPlacements/cat-shared/impressions?session=${session}&acceptContent=string&categoryId=5`);
    const firstVisitor = freshSession();
    const one = await shared(firstVisitor);
    const other = await shared(freshSession());
    expect(other.status).toBe(one.status);
    expect(other.headers.get('x-rrelay-cache')).toBe('hit');
    const categoryVisitor = freshSession();
    await sharedCategory(categoryVisitor);
    expect((await sharedCategory(freshSession())).headers.get('x-rrelay-cache')).toBe('hit');
    expect(calls() - before).toBe(5);
    // The one answer every visitor gets is not made for the first one: upstream hears no visitor's session.
    const asked = upstream.accepted.filter((call) => call.method === 'impressions').slice(-5).map((call) => call.query ?? {});
    expect(asked.filter((query) => query.sessionExternalId === 'rrelayshared')).toHaveLength(2);
    expect(asked.some((query) => query.session === firstVisitor || query.session === categoryVisitor)).toBe(false);

    // A bare placement id in SP_SHARED_PLACEMENTS shares nothing: each session is its own answer.
    const bare = (kind: string, session: string) => impressions(`${kind}/bare-id/impressions?session=${session}&acceptContent=string${kind === 'categoryPlacements' ? '&categoryId=5' : ''}`);
    await bare('anyPlacements', freshSession());
    expect((await bare('anyPlacements', freshSession())).headers.get('x-rrelay-cache')).toBe('miss');
    expect((await bare('categoryPlacements', freshSession())).headers.get('x-rrelay-cache')).toBe('miss');
  });

  it('keeps a 204 for its own TTL, then asks again', async () => {
    const session = freshSession();
    const empty = () => impressions(`searchPlacements/empty-search/impressions?session=${session}&acceptContent=string&searchQuery=tent`);
    const before = calls();
    expect((await empty()).status).toBe(204);
    const cached = await empty();
    expect([cached.status, cached.headers.get('x-rrelay-cache')]).toEqual([204, 'hit']);
    expect(calls() - before).toBe(1);
    await sleep(1100);
    const again = await empty();
    expect([again.status, again.headers.get('x-rrelay-cache')]).toEqual([204, 'miss']);
    expect(calls() - before).toBe(2);
  });

  it('after the fresh TTL serves the stale impression at once and refreshes it behind the answer', async () => {
    const session = freshSession();
    const before = calls();
    const first = await body(await product(session));
    await sleep(1100);
    const stale = await product(session);
    expect(stale.headers.get('x-rrelay-cache')).toBe('stale');
    expect(await body(stale)).toEqual(first);
    // Until the refresh lands, requests are served stale and join it; then they hit the new impression.
    let refreshed: Response | undefined;
    await expect.poll(async () => (refreshed = await product(session)).headers.get('x-rrelay-cache'), { timeout: 10_000, interval: 100 }).toBe('hit');
    expect(calls() - before).toBe(2);
    expect(((await body(refreshed!)) as { id: string }).id).not.toBe((first as { id: string }).id);
  });

  it('when the upstream fails, serves the last impression (stale-if-error), or a 204 when there is none', async () => {
    const session = freshSession();
    const first = await primed(session);
    await sleep(2100); // past fresh + stale-while-revalidate: only usable on error
    upstream.behaviour.spFailStatus = 503;
    const before = calls();
    const fallback = await product(session);
    expect([fallback.status, fallback.headers.get('x-rrelay-cache')]).toEqual([200, 'stale-if-error']);
    expect(await body(fallback)).toEqual(first);
    const nothing = await product(freshSession());
    expect([nothing.status, nothing.headers.get('x-rrelay-cache')]).toEqual([204, 'fallback']);
    expect(calls() - before).toBe(2);
  });

  it('answers within the time budget when the upstream is slow, and the late answer still fills the cache', async () => {
    upstream.behaviour.spLatencyMs = 2500;
    const session = freshSession();
    const before = calls();
    const started = Date.now();
    const slow = await product(session);
    const waited = Date.now() - started;
    expect([slow.status, slow.headers.get('x-rrelay-cache')]).toEqual([204, 'fallback']);
    expect(waited).toBeGreaterThanOrEqual(1480);
    expect(waited).toBeLessThan(2400);
    // Until the late answer lands, further requests join the same call; then they hit.
    await expect.poll(async () => (await product(session)).headers.get('x-rrelay-cache'), { timeout: 10_000, interval: 100 }).toBe('hit');
    expect(calls() - before).toBe(1);
  });

  it('makes one upstream call for 100 concurrent identical misses', async () => {
    upstream.behaviour.spLatencyMs = 100;
    const session = freshSession();
    const before = calls();
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 100 }, () => product(session)));
    const elapsed = Date.now() - started;
    const outcome = (name: string) => responses.filter((r) => r.headers.get('x-rrelay-cache') === name);
    // Within this relay's 1 s fresh TTL: exactly one call. On a loaded machine the 100 requests can
    // spread over seconds, past the TTL; each refresh of the aged entry is then one more call.
    if (elapsed < 1000) expect(calls() - before).toBe(1);
    else expect(calls() - before).toBeLessThanOrEqual(1 + Math.ceil(elapsed / 1000));
    // Every miss shared the one first call; some may pass the budget and get the 204 fallback.
    const misses = outcome('miss');
    expect(misses.length).toBeGreaterThan(0);
    expect(outcome('hit').length + misses.length + outcome('stale').length + outcome('fallback').length).toBe(100);
    const ids = new Set(await Promise.all(misses.map(async (r) => ((await r.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
  });
});

describe('the upstream’s limits', () => {
  it('never calls the upstream more than 50 times a second, answering the rest with 204', async () => {
    await sleep(1100);
    upstream.behaviour.spLatencyMs = 50;
    const before = calls();
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 80 }, () => product(freshSession(), 'always-burst')));
    const elapsed = Date.now() - started;
    await sleep(1500); // answers that came after the budget
    const made = calls() - before;
    // Every grant happened while the burst was in flight: at most 50 per (1050 ms) window of it.
    // (On a loaded machine the 80 requests reach the relay spread over seconds, so more windows open.)
    expect(made).toBeGreaterThanOrEqual(Math.min(50, 80));
    expect(made).toBeLessThanOrEqual(50 * (Math.floor(elapsed / 1050) + 1));
    const refused = responses.filter((r) => r.status === 204 && r.headers.get('x-rrelay-cache') === 'fallback');
    expect(responses.every((r) => r.status === 200 || refused.includes(r))).toBe(true);
    if (elapsed < 1050) expect(refused.length).toBeGreaterThanOrEqual(30);
  });

  it('on a 429 honours Retry-After: serves stale or 204 without calling the upstream until it has passed', async () => {
    await sleep(1100);
    const session = freshSession();
    const cached = await primed(session);
    await sleep(2100);
    upstream.behaviour.spFailStatus = 429;
    upstream.behaviour.spRetryAfterSeconds = 2;
    const before = calls();
    const limited = await product(freshSession());
    expect([limited.status, limited.headers.get('x-rrelay-cache')]).toEqual([204, 'fallback']);
    expect(calls() - before).toBe(1);

    upstream.behaviour.spFailStatus = 0;
    const stale = await product(session);
    expect([stale.status, stale.headers.get('x-rrelay-cache')]).toEqual([200, 'stale-if-error']);
    expect(await body(stale)).toEqual(cached);
    const other = await product(freshSession());
    expect([other.status, other.headers.get('x-rrelay-cache')]).toEqual([204, 'fallback']);
    expect(calls() - before).toBe(1);

    await sleep(2100);
    const after = await product(freshSession());
    expect([after.status, after.headers.get('x-rrelay-cache')]).toEqual([200, 'miss']);
    expect(calls() - before).toBe(2);
  });
});
