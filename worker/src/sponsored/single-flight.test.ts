import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.ts';

describe('SingleFlight', () => {
  it('runs concurrent work for one key once, and again once it has settled', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    const work = () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 10));
    const results = await Promise.all(Array.from({ length: 100 }, () => flight.run('k', work)));
    expect(new Set(results)).toEqual(new Set([1]));
    expect(flight.size).toBe(0);
    expect(await flight.run('k', work)).toBe(2);
  });

  it('keeps keys apart and forgets a failed run', async () => {
    const flight = new SingleFlight<string>();
    await expect(flight.run('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await Promise.all([flight.run('a', async () => 'a'), flight.run('b', async () => 'b')])).toEqual(['a', 'b']);
  });
});
