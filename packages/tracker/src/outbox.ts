import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import type { TrackedEventEnvelope } from '@rrelay/protocol';

/** The most event copies kept; the oldest go first. */
export const outboxMaxEvents = 1000;

/** How long a copy whose send surely failed may wait for its resend (7 days). */
export const outboxMaxAgeMs = 6048e5;

/**
 * How long a copy of unknown fate (handed to `sendBeacon` as the page went, or
 * in flight when it closed) is resent by later pages: 20 hours, inside the
 * relay's 24-hour dedupe window (`DEDUPE_HOURS`), so that a copy of an event
 * that did arrive is dropped by the relay, never counted twice.
 */
export const outboxCopyMaxAgeMs = 72e6;

/** One kept copy: when it was kept, the event, and whether its send surely failed. */
export type KeptCopy = [keptAt: number, event: TrackedEventEnvelope, unsent?: boolean];

/** How long an outbox transaction may take before it is given up, in ms. */
export const outboxTimeoutMs = 3000;

/** idb-keyval's default store, opened on first use. */
let store: UseStore | undefined;

/** The outbox transaction in progress, if any: aborted as the page goes (see {@link closeOutbox}). */
let inProgress: IDBTransaction | undefined;

/** Whether the page is going away, when no transaction may begin. */
let closed = false;

/**
 * The outbox: a copy of every tracked event not yet acknowledged by the relay,
 * in IndexedDB (idb-keyval's default store, one key per relay URL), in the
 * order they were tracked. `change` gets the copies and returns what to keep;
 * reading and writing is one IndexedDB transaction, and IndexedDB runs a
 * tab's transactions in the order they were made, so a copy written before a
 * read is always seen by it. Resolves the copies kept (at most
 * {@link outboxMaxEvents}), or `undefined` when IndexedDB failed, did not finish
 * within {@link outboxTimeoutMs}, or the page is going (see {@link closeOutbox}),
 * leaving the store as it was.
 */
export function outbox(url: string, change: (copies: KeptCopy[]) => KeptCopy[]): Promise<KeptCopy[] | undefined> {
  return new Promise((resolve) => {
    if (closed) return resolve(undefined);
    let kept: KeptCopy[];
    let transaction: IDBTransaction | undefined;
    // No storage call may stall delivery: a transaction that cannot finish in time (the store held by
    // another page, e.g. one frozen in WebKit's back/forward cache mid-transaction) is given up, and the
    // send goes on with what is in memory. Firefox and WebKit may not even report the abort of a
    // transaction still waiting for the store, so giving up does not wait for it.
    const timer = setTimeout(() => {
      abort(transaction);
      resolve(undefined);
    }, outboxTimeoutMs);
    // idb-keyval's `update` in fewer bytes: a get and a put in one transaction; an exception in
    // `change` aborts the transaction, so the promise rejects and nothing changes.
    (store ||= createStore('keyval-store', 'keyval'))('readwrite', (objects) => {
      inProgress = transaction = objects.transaction;
      const request = objects.get('rr:' + url);
      request.onsuccess = () => {
        objects.put((kept = change(request.result || []).slice(-outboxMaxEvents)), 'rr:' + url);
        // Committed at once, not when the task ends: one round trip fewer before a page that goes keeps it.
        objects.transaction.commit?.();
      };
      return promisifyRequest(objects.transaction);
    }).then(
      () => resolve(kept),
      () => resolve(undefined),
    ).finally(() => clearTimeout(timer));
  });
}

const abort = (transaction: IDBTransaction | undefined) => {
  try {
    transaction?.abort();
  } catch {
    // it had already finished
  }
};

/**
 * The page is going away (`pagehide`): the outbox transaction in progress is aborted, and none
 * begins until {@link reopenOutbox}. WebKit freezes a page entering its back/forward cache with its
 * transactions as they are, and a read-write transaction frozen before its last callback never
 * finishes: it would hold the store, and stall every later page's outbox, until the frozen page is
 * restored or evicted. What the aborted transaction would have written is still in the page's memory,
 * which the exit beacon sends.
 */
export function closeOutbox(): void {
  closed = true;
  abort(inProgress);
}

/** The page is back (`pageshow`), and may use the outbox again. */
export function reopenOutbox(): void {
  closed = false;
}

/** Whether a copy is still worth resending: {@link outboxMaxAgeMs} if its send surely failed, else {@link outboxCopyMaxAgeMs}. */
export const freshCopy = ([keptAt, , unsent]: KeptCopy): boolean => Date.now() - keptAt < (unsent ? outboxMaxAgeMs : outboxCopyMaxAgeMs);
