import { describe, expect, it } from 'vitest';
import { SlidingWindow } from './sliding-window.ts';

describe('SlidingWindow', () => {
  it('grants the limit, then says how long until the oldest grant leaves the window', () => {
    const window = new SlidingWindow(1000);
    for (let i = 0; i < 5; i++) expect(window.take(100 + i, 5)).toBe(0);
    expect(window.take(500, 5)).toBe(600);
    expect(window.take(1099, 5)).toBe(1);
    expect(window.take(1100, 5)).toBe(0);
  });

  it('never grants more than the limit in any window, however the asks are spread', () => {
    const window = new SlidingWindow(1000);
    const grants: number[] = [];
    for (let now = 0; now < 10_000; now += 7) if (window.take(now, 50) === 0) grants.push(now);
    for (const start of grants) expect(grants.filter((at) => at >= start && at < start + 1000).length).toBeLessThanOrEqual(50);
    expect(grants.length).toBeGreaterThanOrEqual(500);
  });
});
