import { describe, expect, it } from 'vitest';
import { checkTrackingEvent, checkVisitorEvent, toEnvelope } from './visitor-events.ts';
import { trackingMethods } from './tracking-events.ts';
import { validBodies } from './example-bodies.ts';

const at = '2018-09-15T15:53:00+00:00';
const visitor = { sessionExternalId: '60842392e4881c65e6c5e423', timestamp: at };

describe('checkTrackingEvent', () => {
  it.each(trackingMethods)('accepts Retail Rocket’s own example of %s', (method) => {
    const check = checkTrackingEvent(method, validBodies[method]);
    expect(check).toEqual({ ok: true, event: { method, body: validBodies[method] } });
  });

  it.each([
    [{ ...validBodies.view, productId: 0 }, 'view.productId', 'must be positive'],
    [{ ...validBodies.view, productId: 2 ** 53 }, 'view.productId', 'must be at most 9007199254740991'],
    [{ ...validBodies.view, productId: 1.5 }, 'view.productId', 'must be an integer'],
    [{ ...validBodies.view, productId: '1' }, 'view.productId', 'must be a number'],
    [{ ...validBodies.view, productID: 1 }, 'view.productID', 'is not a field of this event'],
    [{ ...validBodies.view, sessionExternalId: 'a-b' }, 'view.sessionExternalId', 'must be letters and digits only'],
    [{ ...validBodies.view, sessionExternalId: 'a'.repeat(51) }, 'view.sessionExternalId', 'must be at most 50 characters'],
    [{ ...validBodies.view, timestamp: '2018-09-15' }, 'view.timestamp', 'must be an ISO 8601 date and time with an offset, such as 2018-09-15T15:53:00+00:00'],
    [{ sessionExternalId: 'abc', timestamp: at }, 'view.productId', 'is required'],
    [42, 'view', "must be an object of the event's fields"],
  ])('refuses %j at %s: %s', (body, path, reason) => {
    expect(checkTrackingEvent('view', body, 3)).toEqual({ ok: false, rejection: { index: 3, path, reason } });
  });

  it('takes setContact.email as a string (the document types it "integer")', () => {
    expect(checkTrackingEvent('setContact', { ...validBodies.setContact, email: 12345 }).ok).toBe(false);
    expect(checkTrackingEvent('setContact', { ...validBodies.setContact, email: 'not-an-email' })).toMatchObject({
      rejection: { path: 'setContact.email', reason: 'must be an email address' },
    });
  });

  it('bounds recomBlockId at 50 characters and contactExternalId to letters and digits', () => {
    expect(checkTrackingEvent('recomBlockViewed', { ...visitor, recomBlockId: 'x'.repeat(51) })).toMatchObject({
      rejection: { path: 'recomBlockViewed.recomBlockId', reason: 'must be at most 50 characters' },
    });
    expect(checkTrackingEvent('setContact', { ...visitor, contactExternalId: 'a@b' })).toMatchObject({
      rejection: { path: 'setContact.contactExternalId', reason: 'must be letters and digits only' },
    });
  });

  it('names the element of an array at fault', () => {
    expect(checkTrackingEvent('groupView', { ...validBodies.groupView, productIds: [1, -2] })).toMatchObject({
      rejection: { path: 'groupView.productIds.1', reason: 'must be positive' },
    });
  });
});

describe('checkVisitorEvent', () => {
  it('accepts an envelope and keeps the tracker’s event id apart from the body', () => {
    const check = checkVisitorEvent({ view: validBodies.view, eventId: 'V1StGXR8_Z5jdHi6' }, 0);
    expect(check).toEqual({ ok: true, event: { method: 'view', body: validBodies.view, eventId: 'V1StGXR8_Z5jdHi6' } });
    if (check.ok) expect(toEnvelope(check.event)).toEqual({ view: validBodies.view });
  });

  it.each([
    [null, '', 'must be an object with one key naming the method, such as {"view": {…}}'],
    [[], '', 'must be an object with one key naming the method, such as {"view": {…}}'],
    [{}, '', 'must have exactly one method key, found 0'],
    [{ view: validBodies.view, addToBasket: validBodies.addToBasket }, '', 'must have exactly one method key, found 2 (view, addToBasket)'],
    [{ purchase: {} }, 'purchase', 'is not a tracking method'],
    [{ view: validBodies.view, eventId: 'short' }, 'eventId', 'must be at least 8 characters'],
    [{ view: validBodies.view, eventId: 'has space in it' }, 'eventId', 'must be letters, digits, _ and - only'],
  ])('refuses %j at "%s"', (envelope, path, reason) => {
    expect(checkVisitorEvent(envelope, 7)).toEqual({ ok: false, rejection: { index: 7, path, reason } });
  });

  it('never echoes more than a clipped name, however long the names a client sends', () => {
    const huge = 'x'.repeat(250_000);
    for (const envelope of [{ view: { ...validBodies.view, [huge]: 1 } }, { [huge]: {} }, { [huge]: {}, [`${huge}y`]: {} }]) {
      const check = checkVisitorEvent(envelope, 0);
      expect(check.ok).toBe(false);
      if (check.ok) continue;
      expect(check.rejection.path.length).toBeLessThanOrEqual(120);
      expect(check.rejection.reason.length).toBeLessThanOrEqual(200);
    }
    const field = checkVisitorEvent({ view: { ...validBodies.view, [huge]: 1 } }, 0);
    expect(field).toEqual({ ok: false, rejection: { index: 0, path: `view.${'x'.repeat(59)}…`, reason: 'is not a field of this event' } });
  });
});
