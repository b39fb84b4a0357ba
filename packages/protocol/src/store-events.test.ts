import { describe, expect, it } from 'vitest';
import { validBodies, validStoreBodies } from './example-bodies.ts';
import { isStoreMethod, storeMethods } from './store-events.ts';
import { trackingMethods } from './tracking-events.ts';
import { checkStoreEvent, checkVisitorEvent, isRetailRocketMethod, toEnvelope } from './visitor-events.ts';

describe('store events', () => {
  it.each(storeMethods)('accepts a valid %s and gives it back unchanged', (method) => {
    expect(checkStoreEvent(method, validStoreBodies[method])).toEqual({ ok: true, event: { method, body: validStoreBodies[method] } });
  });

  it('never share a name with a Retail Rocket method, and Retail Rocket receives none of them', () => {
    for (const method of storeMethods) {
      expect(trackingMethods).not.toContain(method);
      expect(isRetailRocketMethod(method)).toBe(false);
      expect(isStoreMethod(method)).toBe(true);
    }
    for (const method of trackingMethods) {
      expect(isRetailRocketMethod(method)).toBe(true);
      expect(isStoreMethod(method)).toBe(false);
    }
    expect(isRetailRocketMethod('visitorEvents')).toBe(false);
    expect(isStoreMethod('hasOwnProperty')).toBe(false);
  });

  it('travel in the tracker’s envelope with an eventId, like tracking events', () => {
    const check = checkVisitorEvent({ cart: validStoreBodies.cart, eventId: 'V1StGXR8_Z5jdHi6' }, 2);
    expect(check).toEqual({ ok: true, event: { method: 'cart', body: validStoreBodies.cart, eventId: 'V1StGXR8_Z5jdHi6' } });
    if (check.ok) expect(toEnvelope(check.event)).toEqual({ cart: validStoreBodies.cart });
  });

  it('takes an emptied cart (eSputnik wants one sent when the cart is emptied)', () => {
    expect(checkStoreEvent('cart', { ...validStoreBodies.cart, items: [] }).ok).toBe(true);
  });

  it.each([
    ['productView', { ...validStoreBodies.productView, price: '754' }, 'productView.price', 'must be a number'],
    ['productView', { ...validStoreBodies.productView, price: -1 }, 'productView.price', 'must not be negative'],
    ['productView', { ...validStoreBodies.productView, price: undefined }, 'productView.price', 'is required'],
    ['productView', { ...validStoreBodies.productView, currency: 'usd' }, 'productView.currency', 'must be a three-letter ISO 4217 code such as USD'],
    ['productView', { ...validStoreBodies.productView, stockId: 'NewYork' }, 'productView.stockId', 'is not a field of this event'],
    ['cart', { ...validStoreBodies.cart, cartId: undefined }, 'cart.cartId', 'is required'],
    ['cart', { ...validStoreBodies.cart, cartId: 'has space' }, 'cart.cartId', 'must be letters, digits and - only'],
    ['cart', { ...validStoreBodies.cart, items: [{ productId: 1, quantity: 1.5, price: 1 }] }, 'cart.items.0.quantity', 'must be an integer'],
    ['cart', { ...validStoreBodies.cart, items: [{ productId: '1', quantity: 1, price: 1 }] }, 'cart.items.0.productId', 'must be a number'],
    ['cart', { ...validStoreBodies.cart, items: [{ productId: 1, quantity: 1 }] }, 'cart.items.0.price', 'is required'],
    ['cart', { ...validStoreBodies.cart, items: [{ productId: 1, quantity: 1, price: 1, sku: 'x' }] }, 'cart.items.0.sku', 'is not a field of this event'],
    ['orderPlaced', { ...validStoreBodies.orderPlaced, items: [] }, 'orderPlaced.items', 'must hold at least one line'],
    ['orderPlaced', { ...validStoreBodies.orderPlaced, transaction: '' }, 'orderPlaced.transaction', 'must not be empty'],
    ['addToWishlist', { ...validStoreBodies.addToWishlist, productId: 0 }, 'addToWishlist.productId', 'must be positive'],
    ['addToWishlist', { ...validStoreBodies.addToWishlist, isInStock: 1 }, 'addToWishlist.isInStock', 'must be true or false'],
    ['customEvent', { ...validStoreBodies.customEvent, name: 'has space' }, 'customEvent.name', 'must be letters, digits, _ . and - only'],
    ['customEvent', { ...validStoreBodies.customEvent, params: { plan: 'pro' } }, 'customEvent.params.plan', 'must be an array of strings'],
    ['customEvent', { ...validStoreBodies.customEvent, params: { 'bad key': ['x'] } }, 'customEvent.params.bad key', 'must be 1 to 50 letters, digits and _'],
  ] as const)('refuses %s at %s: %s', (method, body, path, reason) => {
    expect(checkStoreEvent(method, body, 4)).toEqual({ ok: false, rejection: { index: 4, path, reason } });
  });

  it('bounds a custom event’s parameters', () => {
    const params = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`p${i}`, ['x']]));
    expect(checkStoreEvent('customEvent', { ...validStoreBodies.customEvent, params })).toMatchObject({
      rejection: { path: 'customEvent.params', reason: 'must hold at most 50 parameters' },
    });
  });

  it('keeps a valid Retail Rocket neighbour’s body free of store fields', () => {
    // A price is a store field: Retail Rocket's strict `view` still refuses it.
    expect(checkVisitorEvent({ view: { ...validBodies.view, price: 10 } }, 0)).toMatchObject({
      ok: false,
      rejection: { path: 'view.price', reason: 'is not a field of this event' },
    });
  });
});
