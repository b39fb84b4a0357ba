import { describe, expect, it } from 'vitest';
import { localTimestamp } from './create-tracker.ts';

describe('localTimestamp', () => {
  it('writes ISO 8601 with the local UTC offset', () => {
    const stamp = localTimestamp(new Date('2026-11-24T10:00:00Z'));
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(new Date(stamp).getTime()).toBe(Date.parse('2026-11-24T10:00:00Z'));
  });
});
