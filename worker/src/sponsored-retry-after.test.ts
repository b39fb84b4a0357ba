import { describe, expect, it } from 'vitest';
import { defaultRetryAfterMs, maxRetryAfterMs, parseRetryAfter, RetryAfterGate } from './sponsored-retry-after.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-24T00:00:00Z');
  it.each([
    ['2', 2000],
    ['0', 0],
    ['Tue, 24 Nov 2026 00:00:05 GMT', 5000],
    ['Tue, 23 Nov 2026 23:59:00 GMT', 0],
    [null, defaultRetryAfterMs],
    ['soon', defaultRetryAfterMs],
    ['86400', maxRetryAfterMs],
  ])('reads %s as %i ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });
});

describe('RetryAfterGate', () => {
  it('blocks a partner until the deadline, keeping the later of two', () => {
    const gate = new RetryAfterGate();
    gate.block('p', 2000, 0);
    gate.block('p', 500, 100);
    expect(gate.isBlocked('p', 1999)).toBe(true);
    expect(gate.isBlocked('other', 1000)).toBe(false);
    expect(gate.isBlocked('p', 2000)).toBe(false);
  });
});
