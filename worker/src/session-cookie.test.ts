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

  it('sets nothing without the cookie, or with a value that is not a session id', () => {
    for (const cookie of [undefined, 'other=1', 'rrsid=has-dash', 'xrrsid=abc', `rrsid=${'a'.repeat(51)}`]) {
      const request = new Request('https://shop.example/1.0/visitorEvents', { headers: cookie ? { cookie } : {} });
      expect(refreshSessionCookie(request, new Response('{}')).headers.get('set-cookie')).toBeNull();
    }
  });

  it('is wired into the relay’s tracking route', async () => {
    const response = await SELF.fetch(`https://shop.example/1.0/visitorEvents?partnerId=${partner}`, {
      method: 'POST',
      body: 'not json',
      headers: { 'content-type': 'text/plain', cookie: 'rrsid=abc123' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('set-cookie')).toBe('rrsid=abc123; Max-Age=31536000; Path=/; SameSite=Lax; Secure');
  });
});
