import { describe, expect, it } from 'vitest';
import { checkTrackingEvent, trackingEventSchemas, trackingMethods, type TrackingMethod } from '@rrelay/protocol';
import { validBodies } from '@rrelay/protocol/example-bodies';
import { checkFields, eventFields } from './check-fields.ts';

const visitor = { sessionExternalId: 'abc123', timestamp: '2026-11-24T10:00:00+00:00' };
const fieldsOf = (method: TrackingMethod): Record<string, unknown> => {
  const { sessionExternalId, timestamp, ...fields } = validBodies[method];
  return fields;
};
/** What the relay's schema says of the same fields, with the tracker's additions. */
const relayAccepts = (method: TrackingMethod, fields: Record<string, unknown>) =>
  checkTrackingEvent(method, JSON.parse(JSON.stringify({ ...fields, ...visitor }))).ok;

describe('checkFields', () => {
  it('knows exactly the 12 methods of @rrelay/protocol', () => {
    expect(Object.keys(eventFields).sort()).toEqual([...trackingMethods].sort());
  });

  it.each(trackingMethods)('accepts Retail Rocket’s own example of %s, as the relay does', (method) => {
    expect(relayAccepts(method, fieldsOf(method))).toBe(true);
    expect(checkFields(method, fieldsOf(method))).toBeUndefined();
  });

  it.each(trackingMethods)('names each missing required field of %s, which the relay would refuse too', (method) => {
    for (const name of eventFields[method].split(' ').filter((field) => !field.endsWith('?')).map((field) => field.slice(0, -1))) {
      const { [name]: _, ...rest } = fieldsOf(method);
      expect(relayAccepts(method, rest)).toBe(false);
      expect(checkFields(method, rest)).toBe(`${name} is required`);
    }
  });

  it('lists the same optional fields as the relay’s schemas', () => {
    for (const method of trackingMethods) {
      const shape = trackingEventSchemas[method].entries as Record<string, { type: string }>;
      const optional = Object.keys(shape).filter((name) => shape[name]!.type === 'optional');
      expect(eventFields[method].split(' ').filter((name) => name.endsWith('?')).map((name) => name.slice(0, -1)).sort()).toEqual(optional.sort());
      expect(eventFields[method].split(' ').map((field) => field.slice(0, -1)).sort()).toEqual(
        Object.keys(shape).filter((name) => name !== 'sessionExternalId' && name !== 'timestamp').sort(),
      );
    }
  });

  it.each([
    ['view', { productId: '123' }, 'productId is invalid: "123"'],
    ['view', { productId: 0 }, 'productId is invalid: 0'],
    ['view', { productId: 1.5 }, 'productId is invalid: 1.5'],
    ['view', { productId: 2 ** 53 }, 'productId is invalid: 9007199254740992'],
    ['view', { productId: 1, stockId: '' }, 'stockId is invalid: ""'],
    ['view', { productId: 1, colour: 'red' }, 'colour is not a field of view'],
    ['groupView', { groupId: 1, productIds: [] }, 'productIds is invalid: []'],
    ['groupView', { groupId: 1, productIds: [1, -2] }, 'productIds is invalid: [1,-2]'],
    ['order', { productId: 1, price: -1, quantity: 1, transaction: 't' }, 'price is invalid: -1'],
    ['order', { productId: 1, price: 1, quantity: '2', transaction: 't' }, 'quantity is invalid: "2"'],
    ['setContact', { contactExternalId: 'a_b' }, 'contactExternalId is invalid: "a_b"'],
    ['search', { searchPhrase: 42 }, 'searchPhrase is invalid: 42'],
  ] as const)('refuses %s %j: %s (and so does the relay)', (method, fields, reason) => {
    expect(relayAccepts(method, fields)).toBe(false);
    expect(checkFields(method, fields)).toBe(reason);
  });

  it('refuses what is not an object, and counts undefined fields as absent', () => {
    expect(checkFields('view', null)).toBe('fields must be an object');
    expect(checkFields('view', 123456)).toBe('fields must be an object');
    expect(checkFields('categoryView', { categoryId: 5, stockId: undefined })).toBeUndefined();
  });
});
