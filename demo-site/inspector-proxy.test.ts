import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startDemoSite, type DemoSite } from './demo-site.ts';
import { actionBody, fetchRelayAdmin, relayAdminUrl } from './inspector-proxy.ts';

const token = 'test-health-token-0451';
let relay: Server;
let relayUrl: string;
const seen: { url: string; authorization: string | undefined }[] = [];

// A stand-in for the relay's two token-protected endpoints, answering as the relay does.
before(async () => {
  relay = createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"status":401,"field":"authorization","reason":"a valid Authorization: Bearer token is required"}}');
      return;
    }
    const body = req.url?.startsWith('/admin/activity') ? { entries: [{ kind: 'accepted', at: 1, visitor: 'v', method: 'view' }] } : { ok: true, counts: { accepted: 1 } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => relay.close(() => resolve())));

describe('relayAdminUrl', () => {
  it('maps the two feeds to the relay and passes on only limit and since, as digits', () => {
    const activity = relayAdminUrl('/inspector/activity', new URLSearchParams('limit=200&since=1700000000000&apiKey=x&other=1'), 'https://relay.example');
    assert.equal(activity?.href, 'https://relay.example/admin/activity?limit=200&since=1700000000000');
    assert.equal(relayAdminUrl('/inspector/health', new URLSearchParams('since=-1&limit=1e9'), 'https://relay.example')?.href, 'https://relay.example/health/report');
  });

  it('maps nothing else, so the token cannot be sent anywhere the page chooses', () => {
    for (const path of ['/inspector', '/inspector/', '/admin/activity', '/inspector/activity/../../1.0/view', '/inspector/../health/report']) {
      assert.equal(relayAdminUrl(path, new URLSearchParams(), 'https://relay.example'), undefined, path);
    }
  });
});

describe('fetchRelayAdmin', () => {
  it('sends the token to the relay and passes its answer on', async () => {
    const answer = await fetchRelayAdmin(relayAdminUrl('/inspector/activity', new URLSearchParams('limit=5'), relayUrl)!, { relayUrl, healthToken: token });
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body).entries[0].kind, 'accepted');
    assert.deepEqual(seen.at(-1), { url: '/admin/activity?limit=5', authorization: `Bearer ${token}` });
  });

  it('passes a refused token on as the relay\'s 401, and a relay that does not answer as a 502 naming it', async () => {
    const refused = await fetchRelayAdmin(new URL('/health/report', relayUrl), { relayUrl, healthToken: 'wrong' });
    assert.equal(refused.status, 401);
    const gone = await fetchRelayAdmin(new URL('http://127.0.0.1:9/health/report'), { relayUrl: 'http://127.0.0.1:9', healthToken: token });
    assert.equal(gone.status, 502);
    assert.match(JSON.parse(gone.body).error.reason, /^the relay at http:\/\/127\.0\.0\.1:9 could not be read: connection failed$/);
  });
});

describe('the demo store\'s inspector', () => {
  let withToken: DemoSite;
  let withoutToken: DemoSite;
  before(async () => {
    withToken = await startDemoSite({ relayUrl, partnerId: '608423a9b126ac6ab3f8f0a5', healthToken: token });
    withoutToken = await startDemoSite({ relayUrl, partnerId: '608423a9b126ac6ab3f8f0a5' });
  });
  after(async () => {
    await withToken.close();
    await withoutToken.close();
  });

  it('serves the page and links it from the footer, and proxies the feeds with the token the page never sees', async () => {
    const served = await fetch(`${withToken.url}/inspector`);
    const page = await served.text();
    // The feeds answer only the page the inspector served: its cookie comes along (inspector-routes.test.ts).
    const cookie = served.headers.get('set-cookie')!.split(';')[0]!;
    assert.match(page, /<title>Event inspector · rrelay<\/title>/);
    assert.ok(!page.includes(token));
    assert.match(await (await fetch(`${withToken.url}/`)).text(), /<a href="\/inspector">Event inspector/);
    for (const asset of ['/inspector.js', '/inspector-format.js', '/flow-chart.js', '/inspector.css']) assert.equal((await fetch(withToken.url + asset)).status, 200, asset);
    const health = await fetch(`${withToken.url}/inspector/health`, { headers: { cookie } });
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { ok: true, counts: { accepted: 1 } });
    assert.equal(seen.at(-1)?.authorization, `Bearer ${token}`);
  });

  it('has no inspector and no footer link without the token', async () => {
    assert.equal((await fetch(`${withoutToken.url}/inspector`)).status, 404);
    assert.equal((await fetch(`${withoutToken.url}/inspector/activity`)).status, 404);
    assert.doesNotMatch(await (await fetch(`${withoutToken.url}/`)).text(), /href="\/inspector"/);
  });
});

describe('actionBody', () => {
  it('passes on only a list of dead letter ids, re-serialized', () => {
    assert.equal(actionBody('{"ids":["0.12","3.4"],"all":true,"reason":"x"}'), '{"ids":["0.12","3.4"]}');
    for (const body of ['{"all":true}', '{"ids":[]}', '{"ids":["0.1",7]}', '{"ids":["../admin"]}', 'null', '[', JSON.stringify({ ids: Array.from({ length: 1001 }, (_, i) => `0.${i}`) })]) {
      assert.equal(actionBody(body), undefined, body.slice(0, 40));
    }
  });
});
