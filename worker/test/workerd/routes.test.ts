import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { validBodiesAtNow } from '@rrelay/protocol/example-bodies';

import { shardFor, shardName } from '../../src/buffer/shard-for.ts';

// The examples with today's time: the relay refuses events more than 14 days old.
const validBodies = validBodiesAtNow();

const partner = '608423a9b126ac6ab3f8f0a5';
const post = (path: string, body: BodyInit, headers: Record<string, string> = { 'content-type': 'text/plain' }) =>
  SELF.fetch(`https://relay.example${path}`, { method: 'POST', body, headers });

describe('relay routes', () => {
  it('answers 404 naming an unknown tracking method', async () => {
    const response = await post(`/1.0/purchase?partnerId=${partner}`, '{}');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { status: 404, field: 'method', reason: 'purchase is not a tracking method' } });
  });

  it('answers 405 with Allow for a GET on a tracking method', async () => {
    const response = await SELF.fetch(`https://relay.example/1.0/view?partnerId=${partner}`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('refuses a missing or foreign partnerId', async () => {
    expect((await post('/1.0/view', JSON.stringify(validBodies.view))).status).toBe(400);
    const foreign = await post('/1.0/view?partnerId=000000000000000000000000', JSON.stringify(validBodies.view));
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { field: 'partnerId' } });
  });

  it('answers 400 for malformed JSON, 415 for a foreign content type, 413 for an oversized body', async () => {
    const malformed = await post(`/1.0/view?partnerId=${partner}`, '{"productId":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { status: 400, field: 'body', reason: expect.stringMatching(/^body is not valid JSON/) } });
    const foreign = await post(`/1.0/view?partnerId=${partner}`, 'x', { 'content-type': 'application/xml' });
    expect(await foreign.json()).toEqual({ error: { status: 415, field: 'content-type', reason: 'must be application/json or text/plain' } });
    expect((await post(`/1.0/view?partnerId=${partner}`, 'x'.repeat(300 * 1024))).status).toBe(413);
  });

  it('answers 400 listing the rejection when no event is valid, without calling the upstream', async () => {
    const response = await post(`/1.0/visitorEvents?partnerId=${partner}`, JSON.stringify([{ view: { ...validBodies.view, productId: 'x' } }]));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ accepted: 0, rejected: [{ index: 0, path: 'view.productId', reason: 'must be a number' }] });
  });

  it('answers a CORS preflight only for an allowed origin', async () => {
    const allowed = await SELF.fetch(`https://relay.example/1.0/visitorEvents`, { method: 'OPTIONS', headers: { origin: 'https://shop.example' } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const refused = await SELF.fetch(`https://relay.example/1.0/visitorEvents`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('relay ingest into the buffer', () => {
  const visitorBatch = (visitor: string, count: number, eventPrefix?: string) =>
    JSON.stringify(
      Array.from({ length: count }, (_, i) => ({
        view: { ...validBodies.view, sessionExternalId: visitor, productId: i + 1 },
        ...(eventPrefix ? { eventId: `${eventPrefix}${String(i).padStart(4, '0')}` } : {}),
      })),
    );

  it('holds an event once however often its eventId is sent, and counts the duplicates', async () => {
    const body = visitorBatch('dedupeVisitor1', 3, 'dedupe-test-');
    const first = await post(`/1.0/visitorEvents?partnerId=${partner}`, body);
    const again = await post(`/1.0/visitorEvents?partnerId=${partner}`, body);
    expect(await first.json()).toEqual({ accepted: 3, rejected: [] });
    expect(await again.json()).toEqual({ accepted: 3, rejected: [] });
    const shard = env.BUFFER.getByName(shardName(shardFor(partner, 'dedupeVisitor1', 4)));
    const report = await shard.report();
    expect(report.duplicates).toBe(3);
    expect(report.queues.find((queue) => queue.destination === 'retailrocket')?.pending).toBe(3);
    const activity = await shard.activity(10);
    expect(activity.filter((entry) => entry.kind === 'duplicate')).toHaveLength(3);
  });

  // The local Rate Limiting binding counts in fixed 60-second windows, so a window
  // may turn during a test: each test sends until it is refused, at most two windows' worth.
  it('refuses a visitor over the abuse limit while keeping the other visitors of the request', async () => {
    const mixed = (i: number) =>
      JSON.stringify([
        { view: { ...validBodies.view, sessionExternalId: 'busyVisitor1' } },
        { view: { ...validBodies.view, sessionExternalId: `calmVisitor${i}` } },
      ]);
    let body: unknown;
    for (let i = 0; i <= 241; i++) {
      const response = await post(`/1.0/visitorEvents?partnerId=${partner}`, mixed(i));
      expect(response.status).toBe(200);
      body = await response.json();
      if ((body as { accepted: number }).accepted === 1) break;
    }
    expect(body).toEqual({
      accepted: 1,
      rejected: [{ index: 0, path: 'view.sessionExternalId', reason: 'too many events from this visitor; try again in 60 s' }],
    });
    const alone = await post(`/1.0/view?partnerId=${partner}`, JSON.stringify({ ...validBodies.view, sessionExternalId: 'busyVisitor1' }));
    expect(alone.status).toBe(429);
    expect(alone.headers.get('retry-after')).toBe('60');
  }, 30_000);

  it('refuses an address over the abuse limit with 429 naming ip, before reading the body', async () => {
    const headers = { 'content-type': 'text/plain', 'cf-connecting-ip': '203.0.113.9' };
    let response: Response | undefined;
    let sent = 0;
    while (sent <= 1201) {
      sent++;
      response = await post(`/1.0/view?partnerId=${partner}`, '{', headers);
      if (response.status !== 400) break;
    }
    expect(response!.status).toBe(429);
    expect(sent).toBeGreaterThan(1);
    expect(await response!.json()).toEqual({ error: { status: 429, field: 'ip', reason: 'too many requests from this address; try again in 60 s' } });
    expect((await post(`/1.0/view?partnerId=${partner}`, '{', { 'content-type': 'text/plain', 'cf-connecting-ip': '203.0.113.10' })).status).toBe(400);
  }, 60_000);

  it('names the field of a request-wide refusal and never answers 5xx to bad input', async () => {
    const many = await post(`/1.0/visitorEvents?partnerId=${partner}`, visitorBatch('manyVisitor1', 501));
    expect(many.status).toBe(413);
    expect(await many.json()).toEqual({ error: { status: 413, field: 'body', reason: 'visitorEvents body holds 501 events; at most 500 are accepted per request' } });
    for (const body of ['', 'null', '[]', '{}', '[null]', '"x"', '[{"view":{"productId":1e400}}]', '\uFEFF[]', '[{"eventId":"x","view":{}}]']) {
      const response = await post(`/1.0/visitorEvents?partnerId=${partner}`, body);
      expect(response.status, body).toBeGreaterThanOrEqual(400);
      expect(response.status, body).toBeLessThan(500);
    }
  });

  it('keeps the health report and the activity log behind the token', async () => {
    const report = await SELF.fetch('https://relay.example/health/report');
    expect(report.status).toBe(401);
    expect(report.headers.get('www-authenticate')).toBe('Bearer');
    const activity = await SELF.fetch('https://relay.example/admin/activity', { headers: { authorization: 'Bearer unit-health-token' } });
    expect(activity.status).toBe(200);
    expect(Array.isArray(((await activity.json()) as { entries: unknown[] }).entries)).toBe(true);
    const health = await SELF.fetch('https://relay.example/health/report', { headers: { authorization: 'Bearer unit-health-token' } });
    expect(await health.json()).toMatchObject({ counts: { accepted: expect.any(Number), pending: expect.any(Number) } });
  });

  it('refuses a malformed or wrong Authorization header with the same 401 naming the field', async () => {
    for (const authorization of ['Bearer', 'Bearer a b', 'Basic dW5pdA==', 'Bearer unit-health-token!', 'Bearer wrong-token']) {
      const answer = await SELF.fetch('https://relay.example/admin/activity', { headers: { authorization } });
      expect(answer.status, authorization).toBe(401);
      expect(await answer.json(), authorization).toEqual({ error: { status: 401, field: 'authorization', reason: 'a valid Authorization: Bearer token is required' } });
    }
  });

  it('checks an operator feed\'s query, naming the parameter and why', async () => {
    const feed = (query: string) => SELF.fetch(`https://relay.example/admin/activity?${query}`, { headers: { authorization: 'Bearer unit-health-token' } });
    expect(await (await feed('limit=0')).json()).toEqual({ error: { status: 400, field: 'limit', reason: 'must be at least 1' } });
    expect(await (await feed('limit=501')).json()).toEqual({ error: { status: 400, field: 'limit', reason: 'must be at most 500' } });
    expect(await (await feed('limit=ten')).json()).toEqual({ error: { status: 400, field: 'limit', reason: 'must be a number' } });
    expect(await (await feed('since=1.5')).json()).toEqual({ error: { status: 400, field: 'since', reason: 'must be a whole number' } });
    expect((await feed('limit=500&since=1700000000000')).status).toBe(200);
  });
});
