import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('UpstreamRateLimiter', () => {
  it('grants one caller at a time, spaced over the window, and tells the others how long to wait', async () => {
    const limiter = env.UPSTREAM_LIMITER.getByName('retailrocket:limit-test');
    const answers = (await Promise.all(Array.from({ length: 8 }, () => limiter.acquire(5)))).map((permit) => permit.waitMs);
    expect(answers.filter((wait) => wait === 0).length).toBe(1);
    for (const wait of answers.filter((wait) => wait > 0)) expect(wait).toBeGreaterThan(150), expect(wait).toBeLessThanOrEqual(220);
  });

  it('lets a burst up to the limit through at once when not spaced (Sponsored Products misses cannot wait)', async () => {
    const limiter = env.UPSTREAM_LIMITER.getByName('sponsored:burst-test');
    const answers = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire(5, false)));
    expect(answers.filter((permit) => permit.waitMs === 0).length).toBe(5);
    expect(answers.filter((permit) => permit.waitMs > 0).every((permit) => !permit.paused)).toBe(true);
  });

  it('grants nothing while paused by a Retry-After, and says the wait is the upstream’s', async () => {
    const limiter = env.UPSTREAM_LIMITER.getByName('retailrocket:pause-test');
    await limiter.pause(Date.now() + 2000);
    const permit = await limiter.acquire(50);
    expect(permit.paused).toBe(true);
    expect(permit.waitMs).toBeGreaterThan(1500);
    expect(permit.waitMs).toBeLessThanOrEqual(2000);
  });
});
