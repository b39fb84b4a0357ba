import { describe, expect, it } from 'vitest';
import { randomId } from './random-id.ts';

describe('randomId', () => {
  it('makes ids of 28 letters and digits, valid as sessionExternalId and eventId', () => {
    for (let i = 0; i < 1000; i++) expect(randomId()).toMatch(/^[a-z0-9]{28}$/);
  });

  it('does not repeat itself', () => {
    const ids = new Set(Array.from({ length: 10000 }, randomId));
    expect(ids.size).toBe(10000);
  });

  it('uses the whole alphabet, about evenly in the low digits of each part', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const id = randomId();
      // The last 5 characters of each 7-character part are uniform (the first two are bounded by 2^32).
      for (let part = 0; part < 4; part++) for (const char of id.slice(part * 7 + 2, part * 7 + 7)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(36);
    // 40,000 characters: about 1,111 each.
    for (const count of counts.values()) expect(count).toBeGreaterThan(900);
    for (const count of counts.values()) expect(count).toBeLessThan(1350);
  });
});
