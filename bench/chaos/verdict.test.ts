import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ledger } from './ledger.ts';
import { judge, peakInWindow, type ReportedResend } from './verdict.ts';

const view = (visitor: string, productId: number) => ({ method: 'view', body: { sessionExternalId: visitor, productId, timestamp: '2026-11-24T00:00:00+00:00' } });

test('peakInWindow counts the busiest second, half-open', () => {
  assert.equal(peakInWindow([]), 0);
  assert.equal(peakInWindow([0, 999, 1000, 1001, 1500]), 4);
  assert.equal(peakInWindow([0, 1000, 2000]), 1);
});

test('judge finds lost, duplicated and reordered events of the run’s visitors only', () => {
  const ledger = new Ledger();
  for (let number = 1; number <= 4; number++) ledger.track('http', 'a1', number);
  ledger.track('browser', 'b1', 1);
  ledger.track('browser', 'b1', 2);
  ledger.acknowledge([1, 2, 3, 4].map((productId) => ({ view: { sessionExternalId: 'a1', productId }, eventId: `e${productId}aaaaaa` })));
  ledger.acknowledge([{ view: { sessionExternalId: 'b1', productId: 1 } }]);
  const accepted = [
    { method: 'visitorEvents', events: [view('a1', 1), view('a1', 3), view('b1', 2), view('stranger', 1)] },
    { method: 'visitorEvents', events: [view('a1', 2), view('a1', 3), view('a1', 1), view('b1', 1)] },
  ];
  const verdict = judge(ledger, accepted, [{ method: 'visitorEvents', status: 200, receivedAt: 0 }, { method: 'visitorEvents', status: 503, receivedAt: 10 }], 1);
  assert.equal(verdict.sent, 6);
  assert.equal(verdict.acknowledged, 5);
  assert.equal(verdict.delivered, 5);
  assert.equal(verdict.duplicates, 2);
  assert.deepEqual(verdict.examples.duplicates, ['a1:1 ×2', 'a1:3 ×2']);
  assert.equal(verdict.lost, 1);
  assert.deepEqual(verdict.examples.lost, ['a1:4']);
  assert.deepEqual(verdict.orderViolations, { http: 1, browser: 1 });
  assert.equal(verdict.unacknowledgedDelivered, 1);
  assert.deepEqual(verdict.unacknowledgedMissing, { http: 0, browser: 0 });
  assert.equal(verdict.peakCallsPerSecond, 2);
  assert.equal(verdict.failures.length, 4);
});

test('judge passes a clean run', () => {
  const ledger = new Ledger();
  ledger.track('http', 'a1', 1);
  ledger.acknowledge([{ view: { sessionExternalId: 'a1', productId: 1 }, eventId: 'e1aaaaaaaa' }]);
  const verdict = judge(ledger, [{ method: 'visitorEvents', events: [view('a1', 1)] }], [{ method: 'visitorEvents', status: 200, receivedAt: 0 }], 50);
  assert.deepEqual(verdict.failures, []);
});

test('judge allows the copies the relay reported as possibly duplicated, per visitor, and no more', () => {
  const ledger = new Ledger();
  for (let number = 1; number <= 3; number++) ledger.track('http', 'a1', number);
  ledger.track('http', 'b1', 1);
  ledger.acknowledge([1, 2, 3].map((productId) => ({ view: { sessionExternalId: 'a1', productId } })));
  ledger.acknowledge([{ view: { sessionExternalId: 'b1', productId: 1 } }]);
  // The call holding a1:1, a1:2 and b1:1 was under way when the relay stopped, and arrived again after.
  const accepted = [
    { method: 'visitorEvents', events: [view('a1', 1), view('a1', 2), view('b1', 1)] },
    { method: 'visitorEvents', events: [view('a1', 1), view('a1', 2), view('b1', 1), view('a1', 3)] },
  ];
  const calls = [{ method: 'visitorEvents', status: 200, receivedAt: 0 }];
  const reported = [{ destination: 'retailrocket', cause: 'restart', events: 3, visitors: { a1: 2, b1: 1 }, refusedUpstream: false }];
  const verdict = judge(ledger, accepted, calls, 50, reported);
  assert.equal(verdict.duplicates, 3);
  assert.equal(verdict.explainedDuplicates, 3);
  assert.equal(verdict.unexplainedDuplicates, 0);
  assert.deepEqual(verdict.possiblyDuplicated, { restart: 3 });
  assert.deepEqual(verdict.failures, []);

  // Reported for a1 only once: its second copy is a bug; eSputnik's reports never excuse Retail Rocket's copies.
  const fewer: ReportedResend[] = [
    { destination: 'retailrocket', cause: 'restart', events: 2, visitors: { a1: 1, b1: 1 }, refusedUpstream: false },
    { destination: 'esputnik', cause: 'restart', events: 1, visitors: { a1: 1 }, refusedUpstream: true },
  ];
  const strict = judge(ledger, accepted, calls, 50, fewer);
  assert.equal(strict.unexplainedDuplicates, 1);
  assert.deepEqual(strict.examples.duplicates, ['a1:2 ×2']);
  assert.match(strict.failures.join(';'), /1 duplicate\(s\) upstream that the relay did not report/);
});

test('judge fails a run in which an event tracked in a browser never arrived, acknowledged or not', () => {
  const ledger = new Ledger();
  ledger.track('http', 'a1', 1);
  ledger.acknowledge([{ view: { sessionExternalId: 'a1', productId: 1 } }]);
  ledger.track('browser', 'b1', 1);
  ledger.track('browser', 'b1', 2);
  const verdict = judge(ledger, [{ method: 'visitorEvents', events: [view('a1', 1), view('b1', 1)] }], [{ method: 'visitorEvents', status: 200, receivedAt: 0 }], 50);
  assert.deepEqual(verdict.unacknowledgedMissing, { http: 0, browser: 1 });
  assert.deepEqual(verdict.failures, ['1 event(s) tracked in a browser never delivered']);
});
