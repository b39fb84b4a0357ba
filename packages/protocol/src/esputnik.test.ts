import { describe, expect, it } from 'vitest';
import { checkEsputnikEvent, esputnikEventNames, type EsputnikEventName } from './esputnik.ts';

const info = (eventName: string) => ({
  eventName,
  siteId: '8A412DC',
  datetime: 1579622183208,
  externalCustomerId: '1234509876',
  user_phone: '1-541-754-3010',
  user_email: 'gregori@example.com',
  user_name: 'Gregori Boczynski',
  user_es_contact_id: '255830499',
  cookies: { sc: 'CDA68358-94FB-4D83-9655-3FEB3C4114A3' },
});
const tags = { some_tags: ['1', 'a2'] };

/** The vendor document's examples (prices as the tables type them: strings; no tag_* fields). */
const examples: Record<EsputnikEventName, object> = {
  ProductPage: { GeneralInfo: info('ProductPage'), ProductPage: { Product: { productKey: '72354', price: '754 USD', isInStock: '1' }, Tags: tags } },
  StatusCart: {
    GeneralInfo: info('StatusCart'),
    StatusCart: {
      GUID: '6F9619FF-8B86-D011-B42D-00CF4FC964FF',
      Products: [
        { productKey: '430738', price: '201.95', discount: '180', quantity: 1, price_currency_code: 'USD' },
        { productKey: '902339', price: '596', discount: '590', quantity: 1, price_currency_code: 'USD' },
      ],
      Tags: tags,
    },
  },
  AddToWishlist: { GeneralInfo: info('AddToWishlist'), AddToWishlist: { Product: { productKey: '72354', price: '754', isInStock: '1' }, Tags: tags } },
  PurchasedItems: { GeneralInfo: info('PurchasedItems'), PurchasedItems: { GUID: '6F9619FF-8B86-D011-B42D-00CF4FC964FF', OrderNumber: '123/2017', Tags: tags } },
  ProductImpressions: {
    GeneralInfo: info('ProductImpressions'),
    ProductImpression: { Products: [{ product_id: '430968', container_type: '1253' }, { product_id: '430738', container_type: '1254' }], Tags: tags },
  },
  CategoryPage: { GeneralInfo: info('CategoryPage'), CategoryPage: { Category: { categoryKey: 'Babies' }, Tags: tags } },
  CustomerData: { GeneralInfo: info('CustomerData') },
  CustomEvent: { GeneralInfo: info('CustomEvent'), CustomEvent: { EventName: 'my_event', Tags: tags } },
  SearchRequest: { GeneralInfo: info('SearchRequest'), SearchRequest: { search: 'Coffe' } },
};

describe('checkEsputnikEvent', () => {
  it.each(esputnikEventNames)('accepts the document’s example of %s', (name) => {
    expect(checkEsputnikEvent(examples[name])).toEqual({ ok: true, eventName: name, event: examples[name] });
  });

  it('accepts the one-click form of PurchasedItems (Products instead of a GUID)', () => {
    const oneClick = {
      GeneralInfo: info('PurchasedItems'),
      PurchasedItems: { OrderNumber: '123/2017', Products: [{ product_id: '430738', unit_price: '201.95', quantity: 1 }] },
    };
    expect(checkEsputnikEvent(oneClick).ok).toBe(true);
  });

  it.each([
    [[], '', 'must be a JSON object'],
    [{ ProductPage: {} }, 'GeneralInfo', 'is required and must be an object'],
    [{ GeneralInfo: { ...info('x'), eventName: 7 } }, 'GeneralInfo.eventName', 'is required and must be a string'],
    [{ GeneralInfo: info('ProductUpdate') }, 'GeneralInfo.eventName', 'ProductUpdate is not an event this tracker takes'],
    [{ ...examples.ProductPage, GeneralInfo: { ...info('ProductPage'), cookies: {} } }, 'GeneralInfo.cookies.sc', 'is required'],
    [{ ...examples.ProductPage, GeneralInfo: { ...info('ProductPage'), siteId: undefined } }, 'GeneralInfo.siteId', 'is required'],
    [{ ...examples.ProductPage, GeneralInfo: { ...info('ProductPage'), datetime: '2020-01-21' } }, 'GeneralInfo.datetime', 'must be a number'],
    [{ ...examples.ProductPage, GeneralInfo: { ...info('ProductPage'), user_mail: 'a@b.c' } }, 'GeneralInfo.user_mail', 'is not a field of this event'],
    [{ GeneralInfo: info('ProductPage'), ProductPage: { Product: { productKey: 72354, price: '754' } } }, 'ProductPage.Product.productKey', 'must be a string'],
    [{ GeneralInfo: info('ProductPage'), ProductPage: { Product: { productKey: '72354' } } }, 'ProductPage.Product.price', 'is required'],
    [{ GeneralInfo: info('ProductPage'), ProductPage: { Product: { productKey: '1', price: '1', isInStock: 'yes' } } }, 'ProductPage.Product.isInStock', 'must be "0" or "1"'],
    [
      { GeneralInfo: info('StatusCart'), StatusCart: { GUID: 'g', Products: [{ productKey: '1', price: 201.95, quantity: 1 }] } },
      'StatusCart.Products.0.price',
      'must be a string',
    ],
    [{ GeneralInfo: info('StatusCart'), StatusCart: { Products: [] } }, 'StatusCart.GUID', 'is required'],
    [{ GeneralInfo: info('PurchasedItems'), PurchasedItems: { OrderNumber: '1' } }, 'PurchasedItems', 'must have a GUID (the cart\'s) or Products'],
    [{ GeneralInfo: info('PurchasedItems'), PurchasedItems: { GUID: 'g' } }, 'PurchasedItems.OrderNumber', 'is required'],
    [
      { GeneralInfo: { eventName: 'CustomerData', siteId: 's', datetime: 1, cookies: { sc: 'c' } } },
      '',
      'must name the customer: GeneralInfo needs externalCustomerId, user_email, user_phone or user_es_contact_id',
    ],
    [{ GeneralInfo: info('CustomEvent'), CustomEvent: { EventName: 'e', Tags: { a: 'b' } } }, 'CustomEvent.Tags.a', 'must be an array of strings'],
    [{ GeneralInfo: info('SearchRequest'), SearchRequest: { search: '' } }, 'SearchRequest.search', 'must not be empty'],
    [{ GeneralInfo: info('SearchRequest'), CategoryPage: { Category: { categoryKey: '1' } } }, 'SearchRequest', 'is required'],
    [{ ...examples.SearchRequest, CategoryPage: { Category: { categoryKey: '1' } } }, 'CategoryPage', 'is not a field of this event'],
  ])('refuses %j at "%s": %s', (body, path, reason) => {
    expect(checkEsputnikEvent(body)).toEqual({ ok: false, path, reason });
  });
});
