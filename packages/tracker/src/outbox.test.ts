import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshCopy, inTrackedOrder, keepCopies, type KeptCopy, outbox, outboxCopyMaxAgeMs, outboxMaxAgeMs, outboxMaxEvents, trackedAt } from './outbox.ts';

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

/**
 * localStorage as the browsers implement it (Node has none), with room for `quota` characters of keys and
 * values; `blocked` makes every access throw, as Chromium does with the site's storage blocked.
 */
const fakeStorage = (quota = Infinity) => {
  const items = new Map<string, string>();
  const used = () => [...items].reduce((sum, [key, value]) => sum + key.length + value.length, 0);
  const storage = {
    blocked: false,
    items,
    get length() {
      return items.size;
    },
    key: (index: number) => [...items.keys()][index] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem(key: string, value: string) {
      if (used() - (items.get(key)?.length ?? -key.length) + value.length > quota) throw new DOMException('full', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
  };
  vi.stubGlobal('localStorage', new Proxy(storage, { get: (target, name) => {
    if (target.blocked) throw new DOMException('blocked', 'SecurityError');
    return Reflect.get(target, name, target);
  } }));
  return storage;
};

const url = 'https://relay.example/1.0/visitorEvents?partnerId=p';
const copyAt = (at: number, eventId: string, unsent?: boolean): KeptCopy => [at, { ...event, eventId }, ...(unsent ? [true] : [])] as KeptCopy;
const idsOf = (copies: KeptCopy[] | undefined) => copies?.map(([, copy]) => copy.eventId);

describe('the outbox in localStorage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps each write as a record of its own, and reads every record of the URL in the order tracked', () => {
    const storage = fakeStorage();
    expect(keepCopies(url, [copyAt(10, 'a'), copyAt(30, 'c')])).toBe(true);
    expect(keepCopies(url, [copyAt(20, 'b')])).toBe(true);
    expect(keepCopies('https://relay.example/1.0/visitorEvents?partnerId=other', [copyAt(15, 'x')])).toBe(true);
    storage.items.set('the-store-own', '{"cart":[]}');
    expect(storage.items.size).toBe(4);
    expect(idsOf(outbox(url, (copies) => copies))).toEqual(['a', 'b', 'c']);
    // Read and replaced as one record of this page; the other URL's record and the store's own data untouched.
    expect(storage.items.size).toBe(3);
    expect(storage.items.get('the-store-own')).toBe('{"cart":[]}');
    expect(idsOf(outbox(url, (copies) => copies))).toEqual(['a', 'b', 'c']);
  });

  it('writes nothing when a read of one record changes nothing, and removes every record when nothing is kept', () => {
    const storage = fakeStorage();
    keepCopies(url, [copyAt(10, 'a')]);
    const [key] = storage.items.keys();
    outbox(url, (copies) => copies);
    expect([...storage.items.keys()]).toEqual([key]);
    expect(outbox(url, () => [])).toEqual([]);
    expect(storage.items.size).toBe(0);
  });

  it('merges what other pages wrote, one copy per event, and keeps the flags of the list `change` returns', () => {
    fakeStorage();
    keepCopies(url, [copyAt(10, 'a'), copyAt(11, 'b')]);
    keepCopies(url, [copyAt(10, 'a'), copyAt(12, 'c')]);
    const kept = outbox(url, (copies) => inTrackedOrder([copyAt(11, 'b', true)], copies));
    expect(kept).toEqual([copyAt(10, 'a'), copyAt(11, 'b', true), copyAt(12, 'c')]);
  });

  it('skips a record that is not a list of copies', () => {
    const storage = fakeStorage();
    keepCopies(url, [copyAt(10, 'a')]);
    storage.items.set(`rrelay-outbox ${url} by-hand 0`, 'not json');
    storage.items.set(`rrelay-outbox ${url} by-hand 1`, '{"a":1}');
    expect(idsOf(outbox(url, (copies) => copies))).toEqual(['a']);
  });

  it('with storage too full to rewrite: reports it, and removes only the records none of whose copies are kept', () => {
    const storage = fakeStorage();
    keepCopies(url, [copyAt(10, 'taken1'), copyAt(11, 'taken2')]);
    keepCopies(url, [copyAt(12, 'taken3'), copyAt(13, 'waiting')]);
    // The store fills the rest: no room for a new record of what waits.
    const room = fakeStorage(0);
    for (const [key, value] of storage.items) room.items.set(key, value);
    expect(keepCopies(url, [copyAt(14, 'new')])).toBe(false);
    expect(outbox(url, (copies) => copies.filter(([, copy]) => copy.eventId == 'waiting'))).toBeUndefined();
    expect([...room.items.values()].map((value) => idsOf(JSON.parse(value)))).toEqual([['taken3', 'waiting']]);
  });

  it('with storage blocked: nothing kept, nothing read, and no exception', () => {
    const storage = fakeStorage();
    storage.blocked = true;
    const change = vi.fn((copies: KeptCopy[]) => copies);
    expect(keepCopies(url, [copyAt(10, 'a')])).toBe(false);
    expect(outbox(url, change)).toBeUndefined();
    expect(change).not.toHaveBeenCalled();
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

  it('merges the copies of several pages in the order tracked, however late each was written', () => {
    const thisPage = [copyAt(10, 'a'), copyAt(30, 'c'), copyAt(31, 'd')];
    const writtenLate = [copyAt(20, 'b')];
    expect(inTrackedOrder(thisPage, writtenLate).map(([, copy]) => copy.eventId)).toEqual(['a', 'b', 'c', 'd']);
  });

  it("keeps one copy of an event, the first list's", () => {
    const merged = inTrackedOrder([copyAt(10, 'a', true)], [copyAt(10, 'a'), copyAt(11, 'b')]);
    expect(merged).toEqual([copyAt(10, 'a', true), copyAt(11, 'b')]);
  });

  it('keeps the newest outboxMaxEvents', () => {
    const copies = Array.from({ length: outboxMaxEvents + 5 }, (_, index) => copyAt(index, `e${index}`));
    const merged = inTrackedOrder(copies);
    expect(merged).toHaveLength(outboxMaxEvents);
    expect(merged[0]![1].eventId).toBe('e5');
  });
});
