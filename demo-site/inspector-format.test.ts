import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeDeadLetter, describeEntry, formatDuration, healthCounters, inspectorFilters, mergeEntries } from './static/inspector-format.js';

const at = Date.UTC(2026, 10, 24, 1, 2, 3, 45);

describe('the inspector\'s wording of activity entries', () => {
  it('names a rejected event by index, field path and reason', () => {
    const view = describeEntry({ kind: 'rejected', at, partnerId: 'p', index: 1, path: 'addToBasket.productId', reason: 'must be positive' });
    assert.deepEqual(view, { filter: 'rejected', tone: 'bad', label: 'rejected', title: 'event #1 rejected: addToBasket.productId', detail: 'must be positive' });
  });

  it('gives a forwarded batch its size, destination and the upstream\'s status, and says when a 400 split it', () => {
    const one = describeEntry({ kind: 'forwarded', at, destination: 'retailrocket', partnerId: 'p', events: 3, status: 200, calls: 1 });
    assert.equal(one.title, '3 events → Retail Rocket');
    assert.equal(one.detail, 'upstream answered 200');
    const split = describeEntry({ kind: 'forwarded', at, destination: 'retailrocket', partnerId: 'p', events: 1, status: 200, calls: 3 });
    assert.equal(split.title, '1 event → Retail Rocket');
    assert.equal(split.detail, 'upstream answered 200 · 3 calls (a 400 split the batch)');
  });

  it('gives a retry its status, reason and next try, and a timeout as no answer', () => {
    const view = describeEntry({ kind: 'retry', at, destination: 'retailrocket', partnerId: 'p', events: 2, status: 503, reason: 'answered 503', retryInMs: 2140 });
    assert.equal(view.tone, 'warn');
    assert.equal(view.title, '2 events → Retail Rocket: upstream answered 503');
    assert.equal(view.detail, 'answered 503 · next try in 2.1 s');
    assert.equal(describeEntry({ kind: 'retry', at, destination: 'd', partnerId: 'p', events: 1, status: 0, reason: 'timed out', retryInMs: 500 }).title, '1 event → d: upstream no answer');
  });

  it('words holds, dead letters (by upstream refusal or by age) and duplicates', () => {
    assert.equal(
      describeEntry({ kind: 'unauthorized', at, destination: 'retailrocket', partnerId: 'p', events: 4, status: 401, reason: 'wrong apiKey', retryInMs: 60_000 }).title,
      'Retail Rocket refused the key (401): 4 events held',
    );
    const refused = describeEntry({ kind: 'dead_letter', at, destination: 'retailrocket', partnerId: 'p', visitor: 'v1', method: 'view', status: 400, reason: 'bad productId' });
    assert.equal(refused.detail, 'upstream answered 400: bad productId · visitor v1');
    const expired = describeEntry({ kind: 'dead_letter', at, destination: 'retailrocket', partnerId: 'p', visitor: 'v1', method: 'view', status: 0, reason: 'older than 24 h' });
    assert.equal(expired.detail, 'past the retention: older than 24 h · visitor v1');
    assert.equal(describeEntry({ kind: 'duplicate', at, partnerId: 'p', visitor: 'v1', method: 'view', eventId: 'abcdefgh' }).title, 'view dropped as a duplicate');
    const bot = describeEntry({ kind: 'bot', at, partnerId: 'p', events: 3, userAgent: 'Googlebot/2.1' });
    assert.deepEqual([bot.filter, bot.title, bot.detail], ['bot', '3 events from a bot, not forwarded', 'Googlebot/2.1']);
    const replayed = describeEntry({ kind: 'replayed', at, destination: 'retailrocket', partnerId: 'p', events: 2 });
    assert.deepEqual([replayed.filter, replayed.title], ['dead_letter', '2 dead letters queued again → Retail Rocket']);
    assert.equal(describeEntry({ kind: 'dropped', at, destination: 'esputnik', partnerId: 'p', events: 1 }).title, '1 dead letter dropped for eSputnik');
  });

  it('words a dead letter of the list: why, the event without its session and timestamp, the visitor', () => {
    const view = describeDeadLetter({
      id: '0.7',
      destination: 'retailrocket',
      partnerId: 'p',
      visitor: 'v1',
      method: 'view',
      status: 400,
      reason: 'product 901 is not in the feed',
      acceptedAt: at,
      at,
      fields: { sessionExternalId: 'v1', timestamp: '2026-12-02T08:00:00+00:00', productId: 901 },
    });
    assert.equal(view.title, 'view for Retail Rocket: upstream answered 400, product 901 is not in the feed');
    assert.match(view.detail, /^\{"productId":901\} · visitor v1 · accepted \d\d:\d\d:\d\d/);
  });

  it('words the Sponsored Products cache outcomes, a 204 as nothing to show', () => {
    const hit = describeEntry({ kind: 'sponsored', at, partnerId: 'p', placement: 'product/123', outcome: 'hit', status: 200, ms: 3 });
    assert.deepEqual([hit.tone, hit.title, hit.detail], ['ok', 'product/123: cache hit', '200 · 3 ms']);
    const empty = describeEntry({ kind: 'sponsored', at, partnerId: 'p', placement: 'category/7', outcome: 'miss', status: 204, ms: 180 });
    assert.equal(empty.detail, '204, nothing to show · 180 ms');
    assert.equal(describeEntry({ kind: 'sponsored', at, partnerId: 'p', placement: 'x', outcome: 'fallback', status: 204, ms: 800 }).tone, 'bad');
  });

  it('words events sent again after an unknown outcome: a possible double count, or a repeat the destination refuses', () => {
    const restart = describeEntry({ kind: 'possibly_duplicated', at, destination: 'retailrocket', partnerId: 'p', cause: 'restart', events: 64, orders: 2, inFlightSince: at - 1500, refusedUpstream: false });
    assert.deepEqual([restart.filter, restart.tone, restart.label], ['possibly_duplicated', 'warn', 'possibly twice']);
    assert.equal(restart.title, '64 events sent again → Retail Rocket, may count twice');
    assert.match(restart.detail, /^the relay stopped while the call was under way \(since \d\d:\d\d:\d\d\.\d{3}\) · 2 order lines among them$/);
    const refused = describeEntry({ kind: 'possibly_duplicated', at, destination: 'esputnik', partnerId: 'p', cause: 'no_answer', events: 1, orders: 0, inFlightSince: at, refusedUpstream: true });
    assert.deepEqual([refused.tone, refused.title, refused.detail], ['info', '1 event sent again → eSputnik, which refuses repeats', 'the call got no answer']);
  });

  it('shows an entry kind it does not know with its fields, and every kind it knows has a filter', () => {
    const view = describeEntry({ kind: 'something_new', at, partnerId: 'p', n: 1 });
    assert.equal(view.filter, 'something_new');
    assert.equal(view.detail, '{"partnerId":"p","n":1}');
    const filters = new Set<string>(inspectorFilters.map((f) => f.filter));
    for (const kind of ['accepted', 'duplicate', 'bot', 'rejected', 'forwarded', 'retry', 'unauthorized', 'dead_letter', 'replayed', 'dropped', 'possibly_duplicated', 'sponsored']) {
      assert.ok(filters.has(describeEntry({ kind, at }).filter), kind);
    }
  });
});

describe('formatDuration', () => {
  it('picks the unit a person reads', () => {
    assert.deepEqual([0, 850, 2140, 45_000, 245_000, 3 * 3_600_000 + 120_000].map(formatDuration), ['0 ms', '850 ms', '2.1 s', '45 s', '4 min 5 s', '3 h 2 min']);
    assert.equal(formatDuration(Number.NaN), '—');
  });
});

describe('mergeEntries', () => {
  it('adds polled entries once each, newest first, keeping at most the limit', () => {
    const a = { kind: 'accepted', at: 1, visitor: 'v', method: 'view' };
    const b = { kind: 'accepted', at: 2, visitor: 'v', method: 'search' };
    const c = { kind: 'forwarded', at: 3, events: 2, status: 200 };
    const shown = mergeEntries([], [b, a], 10);
    assert.deepEqual(shown, [b, a]);
    // The next poll overlaps the last millisecond: b comes again and is not repeated.
    assert.deepEqual(mergeEntries(shown, [c, { ...b }], 10), [c, b, a]);
    assert.deepEqual(mergeEntries(shown, [c], 2), [c, b]);
  });
});

describe('healthCounters', () => {
  it('shows every count of the health report and the oldest pending age', () => {
    const counters = healthCounters({ counts: { accepted: 1200, rejected: 3, duplicates: 14, botFiltered: 2500, forwarded: 1188, retried: 40, deadLettered: 1, deadLetters: 2, possiblyDuplicated: 64, pending: 12 }, oldestPendingAgeMs: 5400 });
    assert.deepEqual(
      counters.map((c) => [c.label, c.value]),
      [['Accepted', '1,200'], ['Rejected', '3'], ['Duplicates', '14'], ['Bots filtered', '2,500'], ['Forwarded', '1,188'], ['Retried', '40'], ['Dead-lettered', '1'], ['Awaiting replay', '2'], ['Possibly twice', '64'], ['Pending', '12'], ['Oldest pending', '5.4 s']],
    );
    assert.equal(counters.find((c) => c.key === 'rejected')!.tone, 'bad');
    assert.equal(healthCounters({ counts: {}, oldestPendingAgeMs: null }).at(-1)!.value, '—');
  });
});
