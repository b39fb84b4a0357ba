import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeOutbox, freshCopy, inTrackedOrder, keepCopies, type KeptCopy, outbox, outboxCopyMaxAgeMs, outboxMaxAgeMs, outboxMaxEvents, reopenOutbox, trackedAt } from './outbox.ts';

const event = { view: { productId: 1, sessionExternalId: 's1', timestamp: '2026-11-24T03:00:00+00:00' }, eventId: 'e1' } as any;

describe('freshCopy', () => {
  afterEach(() => vi.useRealTimers());

  it('resends a copy of unknown fate (beaconed, or in flight as the page went) only inside the relay dedupe window', () => {
    vi.useFakeTimers({ now: 1e12 });
    expect(outboxCopyMaxAgeMs).toBeLessThan(24 * 3_600_000);
    expect(freshCopy([1e12 - outboxCopyMaxAgeMs + 1, event])).toBe(true);
    expect(freshCopy([1e12 - outboxCopyMaxAgeMs, event, false])).toBe(false);
  });

  it('resends a copy whose send surely failed for a week', () => {
    vi.useFakeTimers({ now: 1e12 });
    expect(freshCopy([1e12 - outboxMaxAgeMs + 1, event, true])).toBe(true);
    expect(freshCopy([1e12 - outboxMaxAgeMs, event, true])).toBe(false);
  });
});

describe('closeOutbox', () => {
  afterEach(() => reopenOutbox());

  it('makes every outbox call resolve undefined at once, without opening IndexedDB, until reopenOutbox', async () => {
    // Node has no IndexedDB: an outbox call that tried to open it would throw.
    closeOutbox();
    const change = vi.fn((copies) => copies);
    await expect(outbox('https://relay.example/1.0/visitorEvents?partnerId=p', change)).resolves.toBeUndefined();
    expect(change).not.toHaveBeenCalled();
    await expect(keepCopies('https://relay.example/1.0/visitorEvents?partnerId=p', [[1e12, event]])).resolves.toBe(false);
  });
});

describe('trackedAt', () => {
  afterEach(() => vi.useRealTimers());

  it('is the clock, and strictly increases even while the clock stands still or goes back', () => {
    vi.useFakeTimers({ now: 2e12 });
    const first = trackedAt();
    const second = trackedAt();
    vi.setSystemTime(2e12 - 5000);
    const third = trackedAt();
    expect(first).toBe(2e12);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
    vi.setSystemTime(2e12 + 60_000);
    expect(trackedAt()).toBe(2e12 + 60_000);
  });
});

describe('inTrackedOrder', () => {
  const copyOf = (at: number, eventId: string, unsent?: boolean): KeptCopy => [at, { ...event, eventId }, ...(unsent ? [true] : [])] as KeptCopy;

  it('merges the copies of several pages in the order tracked, however late each was written', () => {
    const thisPage = [copyOf(10, 'a'), copyOf(30, 'c'), copyOf(31, 'd')];
    const writtenLate = [copyOf(20, 'b')];
    expect(inTrackedOrder(thisPage, writtenLate).map(([, copy]) => copy.eventId)).toEqual(['a', 'b', 'c', 'd']);
  });

  it("keeps one copy of an event, the first list's", () => {
    const merged = inTrackedOrder([copyOf(10, 'a', true)], [copyOf(10, 'a'), copyOf(11, 'b')]);
    expect(merged).toEqual([copyOf(10, 'a', true), copyOf(11, 'b')]);
  });

  it('keeps the newest outboxMaxEvents', () => {
    const copies = Array.from({ length: outboxMaxEvents + 5 }, (_, index) => copyOf(index, `e${index}`));
    const merged = inTrackedOrder(copies);
    expect(merged).toHaveLength(outboxMaxEvents);
    expect(merged[0]![1].eventId).toBe('e5');
  });
});
