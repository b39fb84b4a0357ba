import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('a buffer shard’s activity log', () => {
  it('stays bounded when the shard only records Sponsored Products answers, never an accept', async () => {
    const shard = env.BUFFER.getByName('activity-prune-test');
    // 1,300 lines and no accept: the log used to be pruned in accept only, and grew past its 1,000.
    for (let round = 0; round < 13; round++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => shard.note({ kind: 'sponsored', at: Date.now(), partnerId: 'p', placement: `anyPlacements/n${round * 100 + i}`, outcome: 'hit', status: 200, ms: 1 })),
      );
    }
    const kept = await shard.activity(5000);
    expect(kept.length).toBeLessThanOrEqual(1000 + 50);
    expect(kept.length).toBeGreaterThanOrEqual(1000);
    // The newest are the ones kept.
    expect(kept[0]).toMatchObject({ placement: 'anyPlacements/n1299' });
  });
});
