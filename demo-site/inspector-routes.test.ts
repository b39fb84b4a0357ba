import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startDemoSite, type DemoSite } from './demo-site.ts';

// The inspector's proxy adds the relay's token: a page on another site must
// never read its feeds, by DNS rebinding (another Host) or by a request from
// its own origin (no cookie), and only the inspector page's own replay or drop
// of dead letters by id may write through it.
let site: DemoSite;
before(async () => {
  site = await startDemoSite({ relayUrl: 'http://127.0.0.1:9', partnerId: '608423a9b126ac6ab3f8f0a5', healthToken: 'token-for-guard-tests' });
});
after(() => site.close());

/** A raw HTTP request, since fetch will not send a Host of our choosing. */
function call(path: string, { method = 'GET', host, cookie, origin, type, body }: { method?: string; host?: string; cookie?: string; origin?: string; type?: string; body?: string } = {}) {
  const { port } = new URL(site.url);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const headers: Record<string, string> = { host: host ?? `127.0.0.1:${port}` };
    if (cookie) headers.cookie = cookie;
    if (origin) headers.origin = origin;
    if (type) headers['content-type'] = type;
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function inspectorCookie(host?: string) {
  const page = await call('/inspector', { host });
  assert.equal(page.status, 200);
  const setCookie = String(page.headers['set-cookie']);
  assert.match(setCookie, /^rrinspector=[\w-]{20,}; Path=\/inspector; HttpOnly; SameSite=Strict$/);
  return setCookie.split(';')[0]!;
}

describe('the inspector proxy', () => {
  it('reads the feeds for the page it served, as 127.0.0.1 or localhost', async () => {
    for (const host of [undefined, `localhost:${new URL(site.url).port}`]) {
      const cookie = await inspectorCookie(host);
      // Past the guard: the relay at port 9 does not answer, so the proxy says so.
      const feed = await call('/inspector/activity?limit=5', { host, cookie });
      assert.equal(feed.status, 502, feed.body);
      assert.match(feed.body, /could not be read/);
    }
  });

  it('refuses a Host that is not this machine (DNS rebinding), even with the cookie', async () => {
    const cookie = await inspectorCookie();
    for (const path of ['/inspector', '/inspector.js', '/inspector/activity', '/inspector/health']) {
      const answer = await call(path, { host: 'attacker.example:41000', cookie });
      assert.equal(answer.status, 403, path);
      assert.deepEqual(JSON.parse(answer.body).error.field, 'host');
    }
  });

  it('refuses the feeds without the page’s cookie, or with another', async () => {
    for (const cookie of [undefined, 'rrinspector=guessed', 'rrinspector=a; rrinspector=b']) {
      const answer = await call('/inspector/health', { cookie });
      assert.equal(answer.status, 403, String(cookie));
      assert.equal(JSON.parse(answer.body).error.field, 'cookie');
    }
  });

  it('answers only GET and HEAD', async () => {
    const cookie = await inspectorCookie();
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const answer = await call('/inspector/activity', { method, cookie });
      assert.equal(answer.status, 405, method);
      assert.equal(answer.headers.allow, 'GET, HEAD');
    }
  });

  it('takes a replay or drop only as a POST of dead letter ids, with the cookie, from its own page', async () => {
    const cookie = await inspectorCookie();
    const origin = `http://127.0.0.1:${new URL(site.url).port}`;
    const ids = JSON.stringify({ ids: ['0.12', '3.4'] });
    const good = { method: 'POST', cookie, origin, type: 'application/json', body: ids };
    for (const path of ['/inspector/dead-letters/replay', '/inspector/dead-letters/drop']) {
      // Past the guard: the relay at port 9 does not answer, so the proxy says so.
      const passed = await call(path, good);
      assert.equal(passed.status, 502, passed.body);
      const get = await call(path, { cookie });
      assert.equal(get.status, 405);
      assert.equal(get.headers.allow, 'POST');
      const refusals: [Partial<typeof good>, number, string][] = [
        [{ cookie: undefined }, 403, 'cookie'],
        [{ origin: 'https://attacker.example' }, 403, 'origin'],
        [{ origin: undefined }, 403, 'origin'],
        [{ type: 'text/plain' }, 415, 'content-type'],
        [{ body: JSON.stringify({ all: true }) }, 400, 'ids'],
        [{ body: JSON.stringify({ ids: ['0.1', 'DROP TABLE'] }) }, 400, 'ids'],
        [{ body: 'not json' }, 400, 'ids'],
      ];
      for (const [change, status, field] of refusals) {
        const answer = await call(path, { ...good, ...change });
        assert.equal(answer.status, status, JSON.stringify(change));
        assert.equal(JSON.parse(answer.body).error.field, field, JSON.stringify(change));
      }
      const rebinding = await call(path, { ...good, host: 'attacker.example' });
      assert.equal(rebinding.status, 403);
    }
  });
});
