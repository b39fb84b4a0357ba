import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { refreshSessionCookie } from './session-cookie.ts';

const partner = '608423a9b126ac6ab3f8f0a5';

describe('refreshSessionCookie', () => {
  it('sets the rrsid cookie again for a year when the request carries it', () => {
    const request = new Request('https://shop.example/1.0/visitorEvents', { headers: { cookie: 'theme=dark; rrsid=abc123XYZ; other=1' } });
    const response = refreshSessionCookie(request, new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('set-cookie')).toBe('rrsid=abc123XYZ; Max-Age=31536000; Path=/; SameSite=Lax; Secure');
  });

  it('leaves Secure out on plain http (local development)', () => {
    const request = new Request('http://localhost/1.0/visitorEvents', { headers: { cookie: 'rrsid=abc' } });
    expect(refreshSessionCookie(request, new Response(null, { status: 204 })).headers.get('set-cookie')).toBe('rrsid=abc; Max-Age=31536000; Path=/; SameSite=Lax');
  });

  it('sets nothing without the cookie, with a value that is not a session id, or with two of them', () => {
    // Two rrsid cookies: one may be planted (an attacker's on a parent domain); which is the visitor's is unknown.
    for (const cookie of [undefined, 'other=1', 'rrsid=has-dash', 'xrrsid=abc', `rrsid=${'a'.repeat(51)}`, 'rrsid=attacker123; rrsid=victim456']) {
      const request = new Request('https://shop.example/1.0/visitorEvents', { headers: cookie ? { cookie } : {} });
      expect(refreshSessionCookie(request, new Response('{}')).headers.get('set-cookie')).toBeNull();
    }
  });

  it('writes the tracker’s own cookie, on its domain, so that deleting one deletes both', () => {
    const request = new Request('https://www.shop.example/1.0/visitorEvents', { headers: { cookie: 'rrsid=abc123' } });
    expect(refreshSessionCookie(request, new Response('{}'), '.shop.example').headers.get('set-cookie')).toBe(
      'rrsid=abc123; Max-Age=31536000; Path=/; SameSite=Lax; Domain=.shop.example; Secure',
    );
    // A relay on a host the domain does not cover would make a second cookie: it writes none.
    const elsewhere = new Request('https://relay.other.example/1.0/visitorEvents', { headers: { cookie: 'rrsid=abc123' } });
    expect(refreshSessionCookie(elsewhere, new Response('{}'), '.shop.example').headers.get('set-cookie')).toBeNull();
  });

  it('refreshes nothing on a refusal', () => {
    const request = new Request('https://shop.example/1.0/visitorEvents', { headers: { cookie: 'rrsid=abc123' } });
    for (const status of [400, 403, 429, 503]) expect(refreshSessionCookie(request, new Response('{}', { status })).headers.get('set-cookie')).toBeNull();
  });

  it('is wired into the relay’s tracking route, for the events it took', async () => {
    const send = (body: string) =>
      SELF.fetch(`https://shop.example/1.0/visitorEvents?partnerId=${partner}`, { method: 'POST', body, headers: { 'content-type': 'text/plain', cookie: 'rrsid=abc123' } });
    const refused = await send('not json');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('set-cookie')).toBeNull();
    const taken = await send(JSON.stringify([{ view: { sessionExternalId: 'abc123', productId: 1 } }]));
    expect(taken.status).toBe(200);
    expect(taken.headers.get('set-cookie')).toBe('rrsid=abc123; Max-Age=31536000; Path=/; SameSite=Lax; Secure');
  });
});
