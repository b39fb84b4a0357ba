import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('UpstreamRateLimiter', () => {
  it('grants one caller at a time, spaced over the window, and tells the others how long to wait', async () => {
    const limiter = env.UPSTREAM_LIMITER.getByName('retailrocket:limit-test');
    const answers = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire(5)));
    expect(answers.filter((wait) => wait === 0).length).toBe(1);
    for (const wait of answers.filter((wait) => wait > 0)) expect(wait).toBeGreaterThan(150), expect(wait).toBeLessThanOrEqual(220);
  });

  it('grants nothing while paused by a Retry-After', async () => {
    const limiter = env.UPSTREAM_LIMITER.getByName('retailrocket:pause-test');
    await limiter.pause(Date.now() + 2000);
    const wait = await limiter.acquire(50);
    expect(wait).toBeGreaterThan(1500);
    expect(wait).toBeLessThanOrEqual(2000);
  });
});
