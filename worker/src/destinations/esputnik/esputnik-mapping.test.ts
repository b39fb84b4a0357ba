import { checkEsputnikEvent, storeMethods, trackingMethods, type EventMethod, type VisitorEvent } from '@rrelay/protocol';
import { validBodies, validStoreBodies } from '@rrelay/protocol/example-bodies';
import { describe, expect, it } from 'vitest';
import { isEsputnikMapped, priceText, toEsputnikEvent } from './esputnik-mapping.ts';

const siteId = '8A412DC';
const at = Date.parse('2018-09-15T15:53:00+00:00');
const sc = '60842392e4881c65e6c5e423';
const info = (eventName: string) => ({ eventName, siteId, datetime: at, cookies: { sc } });
const event = <M extends EventMethod>(method: M, body: unknown): VisitorEvent => ({ method, body } as VisitorEvent);

describe('toEsputnikEvent', () => {
  it('maps productView to ProductPage, the price a string with the currency the store gave', () => {
    expect(toEsputnikEvent(siteId, event('productView', validStoreBodies.productView))).toEqual({
      GeneralInfo: info('ProductPage'),
      ProductPage: { Product: { productKey: '123456', price: '754 USD', isInStock: '1' } },
    });
  });

  it('leaves out what the store did not give (no currency, no stock state)', () => {
    const { currency: _c, isInStock: _s, ...bare } = validStoreBodies.productView;
    expect(toEsputnikEvent(siteId, event('productView', bare))).toEqual({
      GeneralInfo: info('ProductPage'),
      ProductPage: { Product: { productKey: '123456', price: '754' } },
    });
  });

  it('maps categoryView to CategoryPage and search to SearchRequest', () => {
    expect(toEsputnikEvent(siteId, event('categoryView', validBodies.categoryView))).toEqual({
      GeneralInfo: info('CategoryPage'),
      CategoryPage: { Category: { categoryKey: '123456' } },
    });
    expect(toEsputnikEvent(siteId, event('search', validBodies.search))).toEqual({
      GeneralInfo: info('SearchRequest'),
      SearchRequest: { search: 'подгузник для новорожденных' },
    });
  });

  it('maps setContact to CustomerData with the contact fields it gave, and nothing of customData', () => {
    expect(toEsputnikEvent(siteId, event('setContact', { ...validBodies.setContact, phone: '+15417543010', customData: '{"a":1}' }))).toEqual({
      GeneralInfo: { ...info('CustomerData'), externalCustomerId: '2342dfgf253454c645346wer3', user_email: 'example@email.com', user_phone: '+15417543010' },
    });
    const { email: _e, ...idOnly } = validBodies.setContact;
    expect(toEsputnikEvent(siteId, event('setContact', idOnly))).toEqual({
      GeneralInfo: { ...info('CustomerData'), externalCustomerId: '2342dfgf253454c645346wer3' },
    });
  });

  it('maps cart to StatusCart under the cart’s GUID, prices and discounts as strings', () => {
    expect(toEsputnikEvent(siteId, event('cart', validStoreBodies.cart))).toEqual({
      GeneralInfo: info('StatusCart'),
      StatusCart: {
        GUID: '6F9619FF-8B86-D011-B42D-00CF4FC964FF',
        Products: [
          { productKey: '430738', price: '201.95', discount: '180', quantity: 1, price_currency_code: 'USD' },
          { productKey: '902339', price: '596', quantity: 2, price_currency_code: 'USD' },
        ],
      },
    });
  });

  it('maps an emptied cart to a StatusCart with no products, as eSputnik asks', () => {
    expect(toEsputnikEvent(siteId, event('cart', { ...validStoreBodies.cart, items: [], currency: undefined }))).toEqual({
      GeneralInfo: info('StatusCart'),
      StatusCart: { GUID: '6F9619FF-8B86-D011-B42D-00CF4FC964FF', Products: [] },
    });
  });

  it('maps orderPlaced to one PurchasedItems with every line, and the cart’s GUID only when given', () => {
    const lines = [
      { product_id: '430738', unit_price: '201.95', quantity: 1 },
      { product_id: '211452', unit_price: '341.8', quantity: 2 },
    ];
    expect(toEsputnikEvent(siteId, event('orderPlaced', validStoreBodies.orderPlaced))).toEqual({
      GeneralInfo: info('PurchasedItems'),
      PurchasedItems: { GUID: '6F9619FF-8B86-D011-B42D-00CF4FC964FF', OrderNumber: '123/2017', Products: lines },
    });
    const { cartId: _g, ...noCart } = validStoreBodies.orderPlaced;
    expect(toEsputnikEvent(siteId, event('orderPlaced', noCart))).toEqual({
      GeneralInfo: info('PurchasedItems'),
      PurchasedItems: { OrderNumber: '123/2017', Products: lines },
    });
  });

  it('maps addToWishlist to AddToWishlist and customEvent to CustomEvent with its params as Tags', () => {
    expect(toEsputnikEvent(siteId, event('addToWishlist', validStoreBodies.addToWishlist))).toEqual({
      GeneralInfo: info('AddToWishlist'),
      AddToWishlist: { Product: { productKey: '72354', price: '754', isInStock: '0' } },
    });
    expect(toEsputnikEvent(siteId, event('customEvent', validStoreBodies.customEvent))).toEqual({
      GeneralInfo: info('CustomEvent'),
      CustomEvent: { EventName: 'newsletter_signup', Tags: { plan: ['pro'], topics: ['shoes', 'bags'] } },
    });
    expect(toEsputnikEvent(siteId, event('customEvent', { ...validStoreBodies.customEvent, params: undefined }))).toEqual({
      GeneralInfo: info('CustomEvent'),
      CustomEvent: { EventName: 'newsletter_signup' },
    });
  });

  it('gives events eSputnik’s own document accepts, for every mapped method', () => {
    const bodies: Record<string, unknown> = { ...validBodies, ...validStoreBodies };
    for (const method of [...trackingMethods, ...storeMethods].filter(isEsputnikMapped)) {
      const mapped = toEsputnikEvent(siteId, event(method, bodies[method]));
      expect(checkEsputnikEvent(mapped), method).toMatchObject({ ok: true });
    }
  });

  it('sends nothing for events without a mapping', () => {
    const unmapped = ['view', 'groupView', 'addToBasket', 'order', 'recomBlockViewed', 'recomTap', 'recomAddToBasket', 'impressionContentViewed', 'impressionContentClicked'] as const;
    for (const method of unmapped) {
      expect(isEsputnikMapped(method), method).toBe(false);
      expect(toEsputnikEvent(siteId, event(method, validBodies[method])), method).toBeUndefined();
    }
    expect(isEsputnikMapped('hasOwnProperty')).toBe(false);
  });

  it('keeps the event’s own time, with its offset, as epoch milliseconds', () => {
    const mapped = toEsputnikEvent(siteId, event('search', { ...validBodies.search, timestamp: '2020-01-21T18:56:23.208+03:00' }));
    expect(mapped?.GeneralInfo.datetime).toBe(1579622183208);
  });
});

describe('priceText', () => {
  it('writes a price as eSputnik’s product pages take it', () => {
    expect(priceText(754)).toBe('754');
    expect(priceText(201.95, 'USD')).toBe('201.95 USD');
    expect(priceText(0)).toBe('0');
  });
});
