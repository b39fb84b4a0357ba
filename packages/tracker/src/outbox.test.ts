import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeOutbox, freshCopy, outbox, outboxCopyMaxAgeMs, outboxMaxAgeMs, reopenOutbox } from './outbox.ts';

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
  });
});
