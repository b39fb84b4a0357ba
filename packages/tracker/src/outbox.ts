import type { TrackedEventEnvelope } from '@rrelay/protocol';
import { randomId } from './random-id.ts';

/** The most event copies kept; the oldest go first. */
export const outboxMaxEvents = 1000;

/** How long a copy whose send surely failed may wait for its resend: 7 days. */
export const outboxMaxAgeMs = 7 * 24 * 3_600_000;

/**
 * How long a copy of unknown fate (handed to `sendBeacon` as the page went, or
 * in flight when it closed) is resent by later pages: 20 hours, inside the
 * relay's 24-hour dedupe window (`DEDUPE_HOURS`), so that a copy of an event
 * that did arrive is dropped by the relay, never counted twice.
 */
export const outboxCopyMaxAgeMs = 20 * 3_600_000;

/**
 * One kept copy: when the event was tracked (see {@link trackedAt}), the event, and whether its send
 * surely failed. Copies are sent in the order of `trackedAt`, whichever page wrote them and whenever.
 */
export type KeptCopy = [trackedAt: number, event: TrackedEventEnvelope, unsent?: boolean];

let lastTrackedAt = 0;

/**
 * The time an event is tracked, in ms since the epoch: `Date.now()`, or a thousandth of a millisecond
 * past the previous one when the clock has not moved (or went back), so that the events of a page are
 * in the order they were tracked even within one millisecond.
 */
export function trackedAt(): number {
  lastTrackedAt = Math.max(Date.now(), lastTrackedAt + 0.001);
  return lastTrackedAt;
}

/**
 * Merges lists of copies into one in the order tracked, one copy per event (the first list's wins),
 * the newest {@link outboxMaxEvents}.
 */
export function inTrackedOrder(...lists: KeptCopy[][]): KeptCopy[] {
  const seen = new Set<string | undefined>();
  const merged: KeptCopy[] = [];
  // Array sort is stable, so copies tracked in the same instant keep the order they came in.
  for (const copy of lists.flat().sort((a, b) => a[0] - b[0])) {
    if (seen.has(copy[1].eventId)) continue;
    seen.add(copy[1].eventId);
    merged.push(copy);
  }
  return merged.slice(-outboxMaxEvents);
}

/** The outbox's records in localStorage are named `rrelay-outbox <url> <writer> <write>`. */
const recordPrefix = (url: string) => `rrelay-outbox ${url} `;

/** This page's writes: a random id made once, and a count, so that no write replaces another page's. */
const writer = randomId();
let writes = 0;

/**
 * Keeps copies of newly tracked events, as a new record of this page: a write only, no read, done when
 * it returns. Returns whether they were kept (`false` when storage is full or blocked: the events are
 * still in the page's memory).
 */
export function keepCopies(url: string, copies: KeptCopy[]): boolean {
  try {
    localStorage.setItem(recordPrefix(url) + writer + ' ' + writes++, JSON.stringify(copies));
    return true;
  } catch {
    return false;
  }
}

/**
 * The outbox: a copy of every tracked event not yet acknowledged by the relay, in localStorage (shared by
 * every page of the store's origin, written and read in the page's own task, so nothing can hold it or
 * leave a write half done), in the order tracked. `change` gets the URL's copies in that order (one copy
 * per event) and returns what to keep, which replaces them as one record (nothing is written when nothing
 * changed).
 *
 * A record is never changed once written, only replaced: the copies it held are written anew before it
 * is removed. So pages in other tabs that read, send and rewrite at once, each seeing the others'
 * writes a moment late (as Chromium's tabs do), can repeat a copy but never lose one: the relay keeps
 * one of each `eventId`, and {@link inTrackedOrder} one per page.
 * Returns the copies kept (at most {@link outboxMaxEvents}), or `undefined` when storage is blocked, or
 * too full for them: then only the records none of whose copies are kept (what the relay took, or
 * stale) are removed, which makes room.
 */
export function outbox(url: string, change: (copies: KeptCopy[]) => KeptCopy[]): KeptCopy[] | undefined {
  try {
    const records = new Map<string, KeptCopy[]>();
    for (let index = 0; index < localStorage.length; index++) {
      const key = localStorage.key(index)!;
      if (key.startsWith(recordPrefix(url))) records.set(key, readRecord(key));
    }
    const read = inTrackedOrder(...records.values());
    const kept = inTrackedOrder(change(read));
    // A read that changes nothing (the usual pruning of stale copies, with none stale) of a single record writes nothing.
    if (records.size < 2 && kept.length == read.length && kept.every((copy, index) => copy == read[index])) return kept;
    const rewritten = !kept.length || keepCopies(url, kept);
    const keptIds = new Set(kept.map(([, event]) => event.eventId));
    for (const [key, copies] of records) if (rewritten || !copies.some(([, event]) => keptIds.has(event.eventId))) localStorage.removeItem(key);
    return rewritten ? kept : undefined;
  } catch {
    return undefined;
  }
}

/** The copies of one record; none when it is not a list of them (written by hand). */
const readRecord = (key: string): KeptCopy[] => {
  try {
    const record = JSON.parse(localStorage.getItem(key)!);
    return Array.isArray(record) ? record : [];
  } catch {
    return [];
  }
};

/** Whether a copy is still worth resending: {@link outboxMaxAgeMs} after it was tracked if its send surely failed, else {@link outboxCopyMaxAgeMs}. */
export const freshCopy = ([at, , unsent]: KeptCopy): boolean => Date.now() - at < (unsent ? outboxMaxAgeMs : outboxCopyMaxAgeMs);
