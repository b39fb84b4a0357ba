import { describe, expect, it } from 'vitest';
import { validBodies } from '@rrelay/protocol/example-bodies';
import { relayTimestamp, validateIngest } from './validate-ingest.ts';

const now = '2026-11-24T10:00:00.000+00:00';

describe('validateIngest', () => {
  it('keeps every valid event of a batch and names each rejected one', () => {
    const { accepted, rejected } = validateIngest(
      'visitorEvents',
      [{ view: validBodies.view }, { view: { ...validBodies.view, productId: -1 } }, { order: validBodies.order, eventId: 'abcdEFGH1234' }, 'junk'],
      now,
    );
    expect(accepted.map((e) => e.method)).toEqual(['view', 'order']);
    expect(accepted[1]!.eventId).toBe('abcdEFGH1234');
    expect(rejected).toEqual([
      { index: 1, path: 'view.productId', reason: 'must be positive' },
      { index: 3, path: '', reason: 'must be an object with one key naming the method, such as {"view": {…}}' },
    ]);
  });

  it('fills a missing timestamp with the relay’s time', () => {
    const { timestamp: _omitted, ...withoutTime } = validBodies.view;
    expect(validateIngest('view', withoutTime, now).accepted[0]!.body.timestamp).toBe(now);
    expect(validateIngest('visitorEvents', [{ view: withoutTime }], now).accepted[0]!.body.timestamp).toBe(now);
    expect(relayTimestamp(0)).toBe('1970-01-01T00:00:00.000+00:00');
  });

  it('refuses a batch that is not an array, is empty, or is too long, as a whole', () => {
    expect(validateIngest('visitorEvents', { view: validBodies.view }).requestError?.status).toBe(400);
    expect(validateIngest('visitorEvents', []).requestError?.status).toBe(400);
    expect(validateIngest('visitorEvents', Array(501).fill({ view: validBodies.view })).requestError).toEqual({
      status: 413,
      reason: 'visitorEvents body holds 501 events; at most 500 are accepted per request',
    });
  });
});
