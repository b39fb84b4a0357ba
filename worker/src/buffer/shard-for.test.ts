import { describe, expect, it } from 'vitest';
import { shardFor } from './shard-for.ts';

describe('shardFor', () => {
  it('puts a visitor always in the same shard and spreads visitors evenly', () => {
    expect(shardFor('p', 'visitor1', 4)).toBe(shardFor('p', 'visitor1', 4));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[shardFor('608423a9b126ac6ab3f8f0a5', `v${i}x${i * 7}`, 4)]!++;
    for (const count of counts) expect(count).toBeGreaterThan(800), expect(count).toBeLessThan(1200);
  });
});
