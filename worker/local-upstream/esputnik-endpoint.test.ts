import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalUpstream, type LocalUpstream } from './local-upstream.ts';

const siteId = '8A412DC';
const apiKey = 'esputnik-local-key-31c4';
let upstream: LocalUpstream;
let url: string;

const auth = (key: string) => `Basic ${Buffer.from(`any-user:${key}`).toString('base64')}`;
const post = (body: unknown, headers: Record<string, string> = { authorization: auth(apiKey) }) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const control = (path: string, init?: RequestInit) => fetch(`${upstream.url}/__upstream/esputnik/${path}`, init);

const info = (eventName: string, extra: object = {}) => ({ eventName, siteId, datetime: 1579622183208, cookies: { sc: 'abc123' }, ...extra });
const cart = (products: object[] = [{ productKey: '430738', price: '201.95', quantity: 1 }]) => ({
  GeneralInfo: info('StatusCart'),
  StatusCart: { GUID: '6F9619FF-8B86-D011-B42D-00CF4FC964FF', Products: products },
});

beforeAll(async () => {
  upstream = await startLocalUpstream({ apiKey: 'rr-key', partnerIds: ['p'], esputnik: { siteIds: [siteId], apiKey } });
  url = `${upstream.url}/esputnik/api/v2`;
});
afterAll(() => upstream.close());
beforeEach(async () => {
  expect((await control('reset', { method: 'POST' })).status).toBe(204);
  await control('config', { method: 'POST', body: JSON.stringify({ failStatus: 0 }) });
});

describe('the local upstream’s eSputnik tracker', () => {
  it('accepts a valid event with 204 and records it', async () => {
    const response = await post(cart());
    expect(response.status).toBe(204);
    expect(await (await control('accepted')).json()).toEqual([
      { eventName: 'StatusCart', event: cart(), authorized: true, at: expect.any(Number) },
    ]);
  });

  it.each([
    [{ GeneralInfo: info('StatusCart', { cookies: {} }), StatusCart: cart().StatusCart }, 'GeneralInfo.cookies.sc is required'],
    [cart([{ productKey: '430738', price: 201.95, quantity: 1 }]), 'StatusCart.Products.0.price must be a string'],
    [{ GeneralInfo: info('ProductPage'), ProductPage: { Product: { productKey: '1' } } }, 'ProductPage.Product.price is required'],
    [{ GeneralInfo: info('Unknown') }, 'GeneralInfo.eventName Unknown is not an event this tracker takes'],
    ['{not json', 'body is not JSON'],
  ])('refuses %j with 400 naming the field', async (body, error) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error });
    expect(await (await control('accepted')).json()).toEqual([]);
  });

  it('refuses a body that is not sent as JSON', async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: auth(apiKey) }, body: JSON.stringify(cart()) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'Content-type must be application/json' });
  });

  it('wants the configured key as HTTP Basic auth, and a known site', async () => {
    expect((await post(cart(), {})).status).toBe(401);
    expect((await post(cart(), { authorization: auth('wrong') })).status).toBe(401);
    const otherSite = { ...cart(), GeneralInfo: { ...info('StatusCart'), siteId: 'OTHER' } };
    const response = await post(otherSite);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'unknown siteId' });
    expect(await (await control('accepted')).json()).toEqual([]);
  });

  it('refuses the same event twice as duplicated, but takes a changed cart under the same GUID', async () => {
    expect((await post(cart())).status).toBe(204);
    const again = await post(cart());
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'Duplicated event' });
    expect((await post(cart([]))).status).toBe(204);
    const accepted = (await (await control('accepted')).json()) as { event: { StatusCart: { Products: unknown[] } } }[];
    expect(accepted.map((call) => call.event.StatusCart.Products.length)).toEqual([1, 0]);
    expect(await (await control('refused')).json()).toEqual([{ status: 400, error: 'Duplicated event', eventName: 'StatusCart', at: expect.any(Number) }]);
  });

  it('refuses a second PurchasedItems for the same order number, even sent at another time', async () => {
    const order = (datetime: number) => ({ GeneralInfo: { ...info('PurchasedItems'), datetime }, PurchasedItems: { GUID: 'g1', OrderNumber: '123/2017' } });
    expect((await post(order(1))).status).toBe(204);
    expect((await post(order(2))).status).toBe(400);
  });

  it('fails on demand with Retry-After, and recovers', async () => {
    await control('config', { method: 'POST', body: JSON.stringify({ failStatus: 503, retryAfterSeconds: 2 }) });
    const failing = await post(cart());
    expect(failing.status).toBe(503);
    expect(failing.headers.get('retry-after')).toBe('2');
    await control('config', { method: 'POST', body: JSON.stringify({ failStatus: 0 }) });
    expect((await post(cart())).status).toBe(204);
    expect(await (await control('accepted')).json()).toHaveLength(1);
  });

  it('is cleared by the upstream’s own reset too', async () => {
    expect((await post(cart())).status).toBe(204);
    expect((await fetch(`${upstream.url}/__upstream/reset`, { method: 'POST' })).status).toBe(204);
    expect(await (await control('accepted')).json()).toEqual([]);
    expect((await post(cart())).status).toBe(204);
  });

  it('answers 405 to anything but POST', async () => {
    expect((await fetch(url)).status).toBe(405);
  });
});
