import { describe, expect, it } from 'vitest';
import { validBodies } from '@rrelay/protocol/example-bodies';
import { relayTimestamp, validateIngest } from './validate-ingest.ts';

// A day after the examples' own time (Retail Rocket's documents are from 2018).
const now = '2018-09-16T10:00:00.000+00:00';

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

  it('refuses an event more than 14 days old or more than a day ahead, naming its timestamp, and keeps its neighbours', () => {
    const at = (offsetMs: number) => new Date(Date.parse(now) + offsetMs).toISOString().replace('Z', '+00:00');
    const day = 86_400_000;
    const { accepted, rejected } = validateIngest(
      'visitorEvents',
      [
        { view: { ...validBodies.view, timestamp: at(-15 * day) } },
        { view: { ...validBodies.view, timestamp: at(-13 * day) } },
        { view: { ...validBodies.view, timestamp: at(23 * 3_600_000) } },
        { view: { ...validBodies.view, timestamp: at(2 * day) } },
      ],
      now,
    );
    expect(accepted).toHaveLength(2);
    expect(rejected).toEqual([
      { index: 0, path: 'view.timestamp', reason: 'is more than 14 days old' },
      { index: 3, path: 'view.timestamp', reason: "is more than 24 h ahead of the relay's clock" },
    ]);
    expect(validateIngest('view', { ...validBodies.view, timestamp: '2018-01-01T00:00:00+00:00' }, now).rejected).toEqual([
      { index: 0, path: 'view.timestamp', reason: 'is more than 14 days old' },
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
