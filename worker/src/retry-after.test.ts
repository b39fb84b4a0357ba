import { describe, expect, it } from 'vitest';
import { maxRetryAfterMs, retryAfterMs } from './retry-after.ts';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it.each([
    ['2', 2000],
    [' 3 ', 3000],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['Wed, 31 Dec 2025 00:00:05 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    [null, undefined],
    ['', undefined],
  ])('reads %j as %j ms', (header, ms) => {
    expect(retryAfterMs(header, now)).toBe(ms);
  });

  it('caps a wait of a day, or a date next year, at ten minutes', () => {
    expect(retryAfterMs('86400', now)).toBe(maxRetryAfterMs);
    expect(retryAfterMs('Fri, 01 Jan 2027 00:00:00 GMT', now)).toBe(maxRetryAfterMs);
    expect(maxRetryAfterMs).toBe(600_000);
  });
});
