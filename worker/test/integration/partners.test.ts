import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startRelay, stopProcess, testPorts } from '../../../scripts/stack.ts';
import { startLocalUpstream, type LocalUpstream } from '../../local-upstream/local-upstream.ts';
import { atNow, validStoreBodies } from '@rrelay/protocol/example-bodies';
import type { HealthBody } from './relay-under-test.ts';

// Several stores on one relay, through wrangler dev and the local upstream, which
// checks each partner's own key: A's and B's keys in RR_PARTNER_KEYS (B's one the
// upstream refuses, as after a rotation), and C listed in RR_PARTNER_ID with no key.
const [storeA, storeB, storeC] = ['608423a9b126ac6ab3f8f0a5', '5ba1c3e2a0b9c4d1e2f3a4b5', '6cb2d4f3b1cad5e2f3a4b5c6'];
const keys = { [storeA]: 'store-a-secret-key-91f0', [storeB]: 'store-b-secret-key-3c2d' };
const siteA = 'SITEA01';
const healthToken = 'partners-health-token';
const { relayPort } = testPorts(70);
const relayUrl = `http://127.0.0.1:${relayPort}`;
let upstream: LocalUpstream;
let relay: ChildProcess;

const view = (partnerId: string, productId: number, headers: Record<string, string> = {}) =>
  fetch(`${relayUrl}/1.0/visitorEvents?partnerId=${partnerId}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...headers },
    body: JSON.stringify([{ view: { sessionExternalId: `shopper${productId}`, timestamp: new Date().toISOString(), productId }, eventId: `${partnerId}-${productId}` }]),
  });
const operator = async <T>(path: string): Promise<T> => (await (await fetch(`${relayUrl}${path}`, { headers: { authorization: `Bearer ${healthToken}` } })).json()) as T;

beforeAll(async () => {
  upstream = await startLocalUpstream({ apiKey: 'no-default-key', partnerIds: [storeA, storeB, storeC], partnerKeys: keys, behaviour: { latencyMs: 5 }, esputnik: { siteIds: [siteA] } });
  relay = await startRelay(
    relayPort,
    {
      RR_PARTNER_ID: storeC,
      RR_PARTNER_KEYS: JSON.stringify({ [storeA]: keys[storeA], [storeB]: 'store-b-old-key-0000' }),
      RR_PARTNER_ORIGINS: JSON.stringify({ [storeB]: 'https://brand-b.example' }),
      ALLOWED_ORIGINS: 'https://brand-a.example',
      RR_TRACKING_URL: `${upstream.url}/1.0/`,
      RR_SP_URL: `${upstream.url}/v1/`,
      HEALTH_TOKEN: healthToken,
      // Only store A has an eSputnik site.
      ESPUTNIK_SITE_IDS: JSON.stringify({ [storeA]: siteA }),
      ESPUTNIK_URL: `${upstream.url}/esputnik/api/v2`,
      BATCH_MAX_WAIT_MS: '200',
      AUTH_RETRY_SECONDS: '1',
      CLIENT_LIMIT: 'off',
    },
    mkdtempSync(join(tmpdir(), 'rrelay-partners-')),
  );
});
afterAll(async () => {
  await stopProcess(relay);
  await upstream.close();
});

describe('several stores on one relay', () => {
  it('sends each partner with its own key; a refused key holds only that partner’s events', async () => {
    expect((await view(storeA, 1)).status).toBe(200);
    expect((await view(storeB, 2)).status).toBe(200);
    expect((await view(storeA, 3)).status).toBe(200);
    await expect.poll(() => upstream.accepted.flatMap((call) => call.events.map((event) => (event.body as { productId: number }).productId)).sort(), { timeout: 15_000 }).toEqual([1, 3]);
    expect(upstream.accepted.every((call) => call.partnerId === storeA)).toBe(true);

    const health = await operator<HealthBody>('/health/report');
    const queue = (partner: string) => health.destinations.find((d) => d.destination === 'retailrocket' && (d as { partnerId?: string }).partnerId === partner);
    await expect.poll(async () => (await operator<HealthBody>('/health/report')).destinations.find((d) => (d as { partnerId?: string }).partnerId === storeB)?.state, { timeout: 10_000 }).toBe('unauthorized');
    expect(queue(storeA)?.state).toBe('ok');
    // Store B's event waits for a key, while A's went: held, not lost, not sent with A's key.
    expect(upstream.calls.filter((call) => call.status === 401).length).toBeGreaterThan(0);
  });

  it('refuses a served partner without a key with a 403 naming it, and any other partner as before', async () => {
    const keyless = await view(storeC, 4);
    expect(keyless.status).toBe(403);
    expect(await keyless.json()).toEqual({ error: { status: 403, field: 'partnerId', reason: `partner ${storeC} has no apiKey on this relay (RR_PARTNER_KEYS or RR_API_KEY)` } });
    const unknown = await view('000000000000000000000000', 5);
    expect(await unknown.json()).toEqual({ error: { status: 403, field: 'partnerId', reason: 'this relay does not serve that partnerId' } });
  });

  it('answers each partner’s browsers by its own origins', async () => {
    const ownOrigin = await view(storeB, 6, { origin: 'https://brand-b.example' });
    expect(ownOrigin.headers.get('access-control-allow-origin')).toBe('https://brand-b.example');
    const otherBrand = await view(storeB, 7, { origin: 'https://brand-a.example' });
    expect(otherBrand.headers.get('access-control-allow-origin')).toBeNull();
    const defaultOrigins = await view(storeA, 8, { origin: 'https://brand-a.example' });
    expect(defaultOrigins.headers.get('access-control-allow-origin')).toBe('https://brand-a.example');
  });

  it('sends a partner\'s store events to its own eSputnik site, and queues none for a partner without one', async () => {
    const productView = (partnerId: string, eventId: string) =>
      fetch(`${relayUrl}/1.0/visitorEvents?partnerId=${partnerId}`, { method: 'POST', body: JSON.stringify([{ productView: atNow(validStoreBodies.productView), eventId }]) });
    expect(await (await productView(storeA, 'esputnik-a-1')).json()).toEqual({ accepted: 1, rejected: [] });
    expect(await (await productView(storeB, 'esputnik-b-1')).json()).toEqual({ accepted: 1, rejected: [] });
    await expect.poll(() => upstream.esputnik.accepted.map((call) => (call.event as { GeneralInfo: { siteId: string } }).GeneralInfo.siteId), { timeout: 15_000 }).toEqual([siteA]);
    const health = await operator<HealthBody>('/health/report');
    const esputnikQueues = health.destinations.filter((d) => d.destination === 'esputnik').map((d) => (d as { partnerId?: string }).partnerId);
    expect(esputnikQueues).toEqual([storeA]);
  });

  it('never lets a key out: not in an answer, the health report or the activity log', async () => {
    const texts = [
      JSON.stringify(await operator('/health/report')),
      JSON.stringify(await operator('/admin/activity?limit=500')),
      await (await view(storeB, 9)).text(),
      await (await view(storeC, 10)).text(),
    ];
    for (const secret of [...Object.values(keys), 'store-b-old-key-0000']) for (const text of texts) expect(text).not.toContain(secret);
  });
});
