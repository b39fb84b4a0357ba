import { describe, expect, it } from 'vitest';
import { RateWindow } from './sponsored-rate-window.ts';

describe('RateWindow', () => {
  it('grants at most the limit in any window, and says how long until the next grant', () => {
    const window = new RateWindow(3, 1000);
    expect([window.take(0), window.take(10), window.take(20)]).toEqual([0, 0, 0]);
    expect(window.take(500)).toBe(500);
    expect(window.take(999)).toBe(1);
    expect(window.take(1000)).toBe(0);
    expect(window.take(1005)).toBe(5);
    expect(window.take(1010)).toBe(0);
  });

  it('never lets more than the limit through in one second of steady demand', () => {
    const window = new RateWindow(50, 1000);
    const granted: number[] = [];
    for (let now = 0; now < 5000; now += 7) if (window.take(now) === 0) granted.push(now);
    const busiest = Math.max(...granted.map((start) => granted.filter((t) => t >= start && t < start + 1000).length));
    expect(busiest).toBe(50);
    expect(granted.length).toBeGreaterThanOrEqual(250);
  });
});
