import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkVisitorEvent, storeEventSchemas, storeMethods } from '@rrelay/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from './create-tracker.ts';
import { storeEventFields, storeEvents } from './store-events.ts';

// The tracker with store events, sending over real HTTP to a small recording
// server standing in for the relay; every event sent is checked with the
// relay's own schemas (@rrelay/protocol).
let server: Server;
let endpoint: string;
let sent: any[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      sent.push(...JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  sent = [];
  vi.unstubAllGlobals();
});

const partnerId = '608423a9b126ac6ab3f8f0a5';
const sessionId = 'Store42session';
const methodOf = (event: any) => Object.keys(event).find((key) => key !== 'eventId')!;
const bodies = (method: string) => sent.filter((event) => methodOf(event) === method).map((event) => event[method]);

/** The browser's localStorage, as far as the tracker uses it. */
function fakeLocalStorage(): Map<string, string> {
  const items = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
  });
  return items;
}

describe('storeEvents', () => {
  it('describes exactly the store events of @rrelay/protocol', () => {
    expect(Object.keys(storeEventFields).sort()).toEqual([...storeMethods].sort());
    for (const method of storeMethods) {
      const names = storeEventFields[method].split(' ').map((field) => field.slice(0, -1)).sort();
      expect(names).toEqual(Object.keys(storeEventSchemas[method].entries).filter((name) => !['sessionExternalId', 'timestamp'].includes(name)).sort());
    }
  });

  it('sends productView beside view when the product page gives a price, and only view without one', async () => {
    const rr = storeEvents(createTracker({ partnerId, endpoint, sessionId }));
    rr.view({ productId: 123456, stockId: 'Berlin', price: 754.5, currency: 'EUR', isInStock: true });
    rr.view({ productId: 222 });
    await rr.flush();
    expect(sent.map(methodOf)).toEqual(['view', 'productView', 'view']);
    expect(bodies('view')[0]).toEqual({ productId: 123456, stockId: 'Berlin', sessionExternalId: sessionId, timestamp: expect.any(String) });
    expect(bodies('productView')).toEqual([
      { productId: 123456, price: 754.5, currency: 'EUR', isInStock: true, sessionExternalId: sessionId, timestamp: expect.any(String) },
    ]);
    sent.forEach((event, index) => expect(checkVisitorEvent(event, index)).toMatchObject({ ok: true }));
  });

  it('keeps one cart id from the first cart until the order, which sends every line with it, then starts a new one', async () => {
    const storage = fakeLocalStorage();
    const rr = storeEvents(createTracker({ partnerId, endpoint, sessionId }));
    rr.cart({ items: [{ productId: 1, quantity: 1, price: 10 }], currency: 'EUR' });
    rr.cart({ items: [{ productId: 1, quantity: 1, price: 10 }, { productId: 2, quantity: 2, price: 5.5, discount: 0.5 }] });
    const cartId = storage.get('rrcart');
    expect(cartId).toMatch(/^[a-z0-9]{28}$/);
    rr.order({ transaction: 'T-1', items: [{ productId: 1, quantity: 1, price: 10 }, { productId: 2, quantity: 2, price: 5.5, stockId: 'Berlin' }] });
    expect(storage.has('rrcart')).toBe(false);
    rr.cart({ items: [{ productId: 3, quantity: 1, price: 1 }] });
    await rr.flush();

    expect(sent.map(methodOf)).toEqual(['cart', 'cart', 'order', 'order', 'orderPlaced', 'cart']);
    const carts = bodies('cart');
    expect(carts[0]).toMatchObject({ cartId, items: [{ productId: 1, quantity: 1, price: 10 }], currency: 'EUR' });
    expect(carts[1]).toMatchObject({ cartId, items: [{ productId: 1 }, { productId: 2, discount: 0.5 }] });
    expect(carts[2].cartId).toMatch(/^[a-z0-9]{28}$/);
    expect(carts[2].cartId).not.toBe(cartId);
    expect(bodies('order').map((order) => order.transaction)).toEqual(['T-1', 'T-1']);
    expect(bodies('orderPlaced')).toEqual([
      {
        transaction: 'T-1',
        items: [{ productId: 1, quantity: 1, price: 10 }, { productId: 2, quantity: 2, price: 5.5 }],
        cartId,
        sessionExternalId: sessionId,
        timestamp: expect.any(String),
      },
    ]);
    sent.forEach((event, index) => expect(checkVisitorEvent(event, index)).toMatchObject({ ok: true }));
  });

  it('keeps the cart id in memory where there is no localStorage, and sends an order without a cart as one without cartId', async () => {
    const rr = storeEvents(createTracker({ partnerId, endpoint, sessionId }));
    rr.order({ productId: 9, quantity: 1, price: 3, transaction: 'T-0' });
    rr.cart({ items: [] });
    rr.cart({ items: [{ productId: 9, quantity: 1, price: 3 }] });
    await rr.flush();
    expect(bodies('orderPlaced')).toEqual([{ transaction: 'T-0', items: [{ productId: 9, quantity: 1, price: 3 }], sessionExternalId: sessionId, timestamp: expect.any(String) }]);
    const [emptied, filled] = bodies('cart');
    expect(emptied).toMatchObject({ items: [] });
    expect(filled.cartId).toBe(emptied.cartId);
    sent.forEach((event, index) => expect(checkVisitorEvent(event, index)).toMatchObject({ ok: true }));
  });

  it('sends addToWishlist and customEvent as given', async () => {
    const rr = storeEvents(createTracker({ partnerId, endpoint, sessionId }));
    rr.addToWishlist({ productId: 5, price: 19.99, currency: 'USD', isInStock: false });
    rr.customEvent({ name: 'newsletter_signup', params: { plan: ['pro'] } });
    rr.customEvent({ name: 'size-guide.opened' });
    await rr.flush();
    expect(sent.map((event) => event[methodOf(event)])).toEqual([
      { productId: 5, price: 19.99, currency: 'USD', isInStock: false, sessionExternalId: sessionId, timestamp: expect.any(String) },
      { name: 'newsletter_signup', params: { plan: ['pro'] }, sessionExternalId: sessionId, timestamp: expect.any(String) },
      { name: 'size-guide.opened', sessionExternalId: sessionId, timestamp: expect.any(String) },
    ]);
    sent.forEach((event, index) => expect(checkVisitorEvent(event, index)).toMatchObject({ ok: true }));
  });

  it('drops a store event with a wrong field, with a warning naming it, and keeps its neighbours', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const rr = storeEvents(createTracker({ partnerId, endpoint, sessionId }));
    rr.addToWishlist({ productId: 5 } as never);
    rr.cart({ items: [{ productId: 1, quantity: 1 }] } as never);
    rr.view({ productId: 7, price: 1, isInStock: 'yes' } as never);
    rr.customEvent({ name: 'x', color: 'red' } as never);
    rr.customEvent({ name: 'ok' });
    await rr.flush();
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      'rr: addToWishlist dropped: price is required',
      'rr: cart dropped: items is invalid: [{"productId":1,"quantity":1}]',
      'rr: productView dropped: isInStock is invalid: "yes"',
      'rr: customEvent dropped: color is not a field of customEvent',
    ]);
    expect(sent.map(methodOf)).toEqual(['view', 'customEvent']);
    warn.mockRestore();
  });
});
