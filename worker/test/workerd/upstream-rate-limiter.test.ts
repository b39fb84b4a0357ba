import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('UpstreamRateLimiter', () => {
  it('grants the limit per window to every caller together, then makes them wait', async () => {
    const limiter = env.UPSTREAM_LIMITER.getByName('retailrocket:limit-test');
    const answers = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire(5)));
    expect(answers.filter((wait) => wait === 0).length).toBe(5);
    for (const wait of answers.filter((wait) => wait > 0)) expect(wait).toBeGreaterThan(900), expect(wait).toBeLessThanOrEqual(1100);
  });

  it('grants nothing while paused by a Retry-After', async () => {
    const limiter = env.UPSTREAM_LIMITER.getByName('retailrocket:pause-test');
    await limiter.pause(Date.now() + 2000);
    const wait = await limiter.acquire(50);
    expect(wait).toBeGreaterThan(1500);
    expect(wait).toBeLessThanOrEqual(2000);
  });
});
