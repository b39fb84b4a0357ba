import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
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

/** How long an outbox transaction may take before it is given up, in ms. */
export const outboxTimeoutMs = 3000;

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

/**
 * idb-keyval's default store, opened on first use. A record holds the copies of one write (the events
 * a task tracked, or what a send left), keyed `[url, writer, write]`: one put per task rather than
 * per event, as each put costs more than its copies do (23 µs in Chromium, bench/tracker-main-thread.ts).
 */
let store: UseStore | undefined;

/** This page's writes: a random id made once, and a count, so that no write replaces another page's. */
const writer = randomId();
let writes = 0;
const keyOf = (url: string): IDBValidKey => [url, writer, writes++];

/** The outbox transaction in progress, if any: aborted as the page goes (see {@link closeOutbox}). */
let inProgress: IDBTransaction | undefined;

/** Whether the page is going away, when no transaction may begin. */
let closed = false;

/**
 * Runs one read-write transaction on the outbox's store: `requests` makes its requests and calls
 * `done` once it has made the last one, which commits at once rather than when the task ends (one
 * round trip fewer before a page that goes keeps it). Resolves whether it committed; `false` when
 * IndexedDB failed, the transaction did not finish within {@link outboxTimeoutMs}, or the page is going.
 */
function transact(requests: (objects: IDBObjectStore, done: () => void) => void): Promise<boolean> {
  return new Promise((resolve) => {
    if (closed) return resolve(false);
    let transaction: IDBTransaction | undefined;
    // No storage call may stall delivery: a transaction that cannot finish in time (the store held by
    // another page, e.g. one frozen in WebKit's back/forward cache mid-transaction) is given up, and the
    // send goes on with what is in memory. Firefox and WebKit may not even report the abort of a
    // transaction still waiting for the store, so giving up does not wait for it.
    const timer = setTimeout(() => {
      abort(transaction);
      resolve(false);
    }, outboxTimeoutMs);
    (store ||= createStore('keyval-store', 'keyval'))('readwrite', (objects) => {
      inProgress = transaction = objects.transaction;
      // The store opened after the page began to go: see closeOutbox.
      if (closed) abort(transaction);
      else requests(objects, () => transaction!.commit?.());
      return promisifyRequest(transaction);
    }).then(
      () => resolve(true),
      () => resolve(false),
    ).finally(() => clearTimeout(timer));
  });
}

/**
 * Keeps copies of newly tracked events, in one record: a put only, no read, so that the write is made
 * (and its commit asked for) in the task that tracked them, before the page can go. Resolves whether
 * they were kept.
 */
export function keepCopies(url: string, copies: KeptCopy[]): Promise<boolean> {
  return transact((objects, done) => {
    objects.put(copies, keyOf(url));
    done();
  });
}

/**
 * The outbox: a copy of every tracked event not yet acknowledged by the relay,
 * in IndexedDB (idb-keyval's default store, records of copies keyed by the relay
 * URL first), in the order tracked. `change` gets the URL's copies in that order
 * (one copy per event) and returns what to keep, which replaces them, as one
 * record, in the same transaction (nothing is written when nothing changed);
 * IndexedDB runs a tab's transactions in the order they were made, so a copy
 * kept before a read is always seen by it.
 * Resolves the copies kept (at most {@link outboxMaxEvents}), or `undefined`
 * when the transaction did not commit (see `transact`), leaving the store as it was.
 */
export async function outbox(url: string, change: (copies: KeptCopy[]) => KeptCopy[]): Promise<KeptCopy[] | undefined> {
  let kept: KeptCopy[] = [];
  const committed = await transact((objects, done) => {
    // Every key `[url, …]`: arrays sort after strings, so `[url, []]` is past them all.
    const range = IDBKeyRange.bound([url], [url, []]);
    const reading = objects.getAll(range);
    // An exception in `change` aborts the transaction, so nothing changes.
    reading.onsuccess = () => {
      const read = inTrackedOrder(...(reading.result as KeptCopy[][]));
      kept = inTrackedOrder(change(read));
      // A read that changes nothing (the usual pruning of stale copies, with none stale) of a single record writes nothing.
      const unchanged = reading.result.length < 2 && kept.length == read.length && kept.every((copy, index) => copy == read[index]);
      if (!unchanged) {
        objects.delete(range);
        if (kept.length) objects.put(kept, keyOf(url));
      }
      done();
    };
  });
  return committed ? kept : undefined;
}

const abort = (transaction: IDBTransaction | undefined) => {
  try {
    transaction?.abort();
  } catch {
    // it had already finished, or its commit was asked for
  }
};

/**
 * The page is going away (`pagehide`): the outbox transaction in progress is aborted, and none
 * begins until {@link reopenOutbox}. WebKit freezes a page entering its back/forward cache with its
 * transactions as they are, and a read-write transaction frozen before its last callback never
 * finishes: it would hold the store, and stall every later page's outbox, until the frozen page is
 * restored or evicted. A transaction whose commit was asked for (every {@link keepCopies}) cannot be
 * aborted, and finishes; what an aborted one would have written is still in the page's memory, which
 * the exit beacon sends.
 */
export function closeOutbox(): void {
  closed = true;
  abort(inProgress);
}

/** The page is back (`pageshow`), and may use the outbox again. */
export function reopenOutbox(): void {
  closed = false;
}

/** Whether a copy is still worth resending: {@link outboxMaxAgeMs} after it was tracked if its send surely failed, else {@link outboxCopyMaxAgeMs}. */
export const freshCopy = ([at, , unsent]: KeptCopy): boolean => Date.now() - at < (unsent ? outboxMaxAgeMs : outboxCopyMaxAgeMs);
