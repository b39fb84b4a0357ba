import { describe, expect, it } from 'vitest';
import { RetryAfterGate } from './retry-after-gate.ts';

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
