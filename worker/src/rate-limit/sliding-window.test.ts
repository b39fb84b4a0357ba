import { describe, expect, it } from 'vitest';
import { SlidingWindow } from './sliding-window.ts';

describe('SlidingWindow', () => {
  it('spaces grants evenly over the window and says how long to wait', () => {
    const window = new SlidingWindow(1000);
    expect(window.take(100, 5)).toBe(0);
    expect(window.take(150, 5)).toBe(150);
    expect(window.take(300, 5)).toBe(0);
    expect(window.take(500, 5)).toBe(0);
  });

  it('lets a burst up to the limit through at once when not spaced, then says how long until the next grant', () => {
    const window = new SlidingWindow(1000);
    expect([window.take(0, 3, false), window.take(10, 3, false), window.take(20, 3, false)]).toEqual([0, 0, 0]);
    expect(window.take(500, 3, false)).toBe(500);
    expect(window.take(999, 3, false)).toBe(1);
    expect(window.take(1000, 3, false)).toBe(0);
    expect(window.take(1005, 3, false)).toBe(5);
    expect(window.take(1010, 3, false)).toBe(0);
  });

  it('never grants more than the limit in any window, however the asks are spread, spaced or not', () => {
    for (const spaced of [true, false]) {
      const window = new SlidingWindow(1000);
      const grants: number[] = [];
      for (let now = 0; now < 10_000; now += 7) if (window.take(now, 50, spaced) === 0) grants.push(now);
      for (const start of grants) expect(grants.filter((at) => at >= start && at < start + 1000).length).toBeLessThanOrEqual(50);
      expect(grants.length).toBeGreaterThanOrEqual(450);
    }
  });
});
