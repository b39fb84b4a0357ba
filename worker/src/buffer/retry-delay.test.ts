import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-delay.ts';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('retryDelayMs', () => {
  it('doubles the ceiling with each attempt and jitters within its upper half', () => {
    expect(retryDelayMs(1, policy, 0, () => 0)).toBe(500);
    expect(retryDelayMs(1, policy, 0, () => 1)).toBe(1000);
    expect(retryDelayMs(3, policy, 0, () => 0)).toBe(2000);
    expect(retryDelayMs(3, policy, 0, () => 1)).toBe(4000);
  });

  it('never goes past the cap, however many attempts', () => {
    expect(retryDelayMs(40, policy, 0, () => 1)).toBe(60_000);
    expect(retryDelayMs(1000, policy, 0, () => 0.5)).toBe(45_000);
  });

  it('waits at least what Retry-After asked for', () => {
    expect(retryDelayMs(1, policy, 7000, () => 0)).toBe(7000);
    expect(retryDelayMs(10, policy, 1000, () => 1)).toBe(60_000);
  });

  it('spreads the delays of many retries of the same attempt', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(4, policy)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(4000), expect(delay).toBeLessThanOrEqual(8000);
  });
});
