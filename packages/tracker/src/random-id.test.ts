import { describe, expect, it } from 'vitest';
import { randomId } from './random-id.ts';

describe('randomId', () => {
  it('makes ids of letters and digits only, of the asked length', () => {
    for (let i = 0; i < 1000; i++) expect(randomId()).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(randomId(16)).toHaveLength(16);
  });

  it('uses the whole alphabet evenly enough', () => {
    const counts = new Map<string, number>();
    for (const char of Array.from({ length: 2000 }, () => randomId(31)).join('')) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 62,000 characters: about 1,000 each; a modulo bias towards the first 8 letters would show as ~25 % more.
    for (const count of counts.values()) expect(count).toBeGreaterThan(800);
    for (const count of counts.values()) expect(count).toBeLessThan(1200);
  });
});
