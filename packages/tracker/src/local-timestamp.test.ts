import { afterEach, describe, expect, it, vi } from 'vitest';
import { localTimestamp, timestampNow } from './local-timestamp.ts';

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('localTimestamp', () => {
  it.each([
    ['UTC', '2026-11-24T10:00:00+00:00'],
    ['Asia/Kolkata', '2026-11-24T15:30:00+05:30'],
    ['America/New_York', '2026-11-24T05:00:00-05:00'],
    ['America/St_Johns', '2026-11-24T06:30:00-03:30'],
  ])('writes ISO 8601 with the visitor’s UTC offset in %s', (tz, expected) => {
    process.env.TZ = tz; // Node reads TZ again when it changes
    const stamp = localTimestamp(new Date('2026-11-24T10:00:00Z'));
    expect(stamp).toBe(expected);
    expect(new Date(stamp).getTime()).toBe(Date.parse('2026-11-24T10:00:00Z'));
  });
});

describe('timestampNow', () => {
  afterEach(() => vi.useRealTimers());

  it('is localTimestamp of now, to the second, formatted again when the second changes', () => {
    process.env.TZ = 'Asia/Kolkata';
    vi.useFakeTimers({ now: Date.parse('2026-11-24T10:00:00.100Z') });
    expect(timestampNow()).toBe('2026-11-24T15:30:00+05:30');
    vi.setSystemTime(Date.parse('2026-11-24T10:00:00.900Z'));
    expect(timestampNow()).toBe('2026-11-24T15:30:00+05:30');
    vi.setSystemTime(Date.parse('2026-11-24T10:00:01.000Z'));
    expect(timestampNow()).toBe('2026-11-24T15:30:01+05:30');
  });
});
