import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { validBodies } from '@rrelay/protocol/example-bodies';

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
    expect(((await malformed.json()) as { error: { reason: string } }).error.reason).toMatch(/^body is not valid JSON/);
    expect((await post(`/1.0/view?partnerId=${partner}`, 'x', { 'content-type': 'application/xml' })).status).toBe(415);
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
