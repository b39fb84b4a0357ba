import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

// Inside workerd, with the real Cache API and Durable Objects; the upstream here
// (`RR_SP_URL` = http://upstream.invalid/) cannot be reached. The behaviour
// against a live upstream (hits, TTLs, 429, budget, single-flight) is tested
// over HTTP in test/integration/sponsored.test.ts.
const partner = '608423a9b126ac6ab3f8f0a5';
const get = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`https://relay.example/v1/partners/${path}`, { headers });

describe('the impressions route', () => {
  it('matches only the drop-in path', async () => {
    expect((await get(`${partner}/anyPlacements/home/impressions?session=a&acceptContent=string`)).status).not.toBe(404);
    for (const path of [`${partner}/anyPlacements/home`, `${partner}/anyPlacements/a/b/impressions`]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(((await answer.json()) as { error: { reason: string } }).error.reason).toBe(`no route for /v1/partners/${path}`);
    }
  });

  it('answers 400 naming the parameter and why, 403 for a partner it does not serve, 405 for a POST', async () => {
    const missing = await get(`${partner}/productPlacements/pdp/impressions?session=abc&acceptContent=string`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: { status: 400, field: 'productId', reason: 'is required' } });
    const long = await get(`${partner}/anyPlacements/home/impressions?session=${'a'.repeat(65)}&acceptContent=string`);
    expect(await long.json()).toEqual({ error: { status: 400, field: 'session', reason: 'must be at most 64 characters' } });
    expect((await get(`000000000000000000000000/anyPlacements/home/impressions?session=a&acceptContent=string`)).status).toBe(403);
    const post = await SELF.fetch(`https://relay.example/v1/partners/${partner}/anyPlacements/home/impressions`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
  });

  it('answers 204 (nothing to show) within the budget when the upstream cannot be reached, with CORS for an allowed origin', async () => {
    const started = Date.now();
    const response = await get(`${partner}/searchPlacements/results/impressions?sessionExternalId=abc&searchQuery=tent&acceptContent=string,productIds`, {
      origin: 'https://shop.example',
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('x-rrelay-cache')).toBe('fallback');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
