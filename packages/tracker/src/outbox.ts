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

/** idb-keyval's default store, opened on first use. */
let store: UseStore | undefined;

/**
 * The outbox: a copy of every tracked event not yet acknowledged by the relay,
 * in IndexedDB (idb-keyval's default store, one key per relay URL), in the
 * order they were tracked. `change` gets the copies and returns what to keep;
 * reading and writing is one IndexedDB transaction, and IndexedDB runs a
 * tab's transactions in the order they were made, so a copy written before a
 * read is always seen by it. Resolves the copies kept (at most
 * {@link outboxMaxEvents}), or `undefined` when IndexedDB failed, leaving the
 * store as it was.
 */
export function outbox(url: string, change: (copies: KeptCopy[]) => KeptCopy[]): Promise<KeptCopy[] | undefined> {
  let kept: KeptCopy[];
  // idb-keyval's `update` in fewer bytes: a get and a put in one transaction; an exception in
  // `change` aborts the transaction, so the promise rejects and nothing changes.
  return (store ||= createStore('keyval-store', 'keyval'))('readwrite', (objects) => {
    const request = objects.get('rr:' + url);
    request.onsuccess = () => {
      objects.put((kept = change(request.result || []).slice(-outboxMaxEvents)), 'rr:' + url);
      // Committed at once, not when the task ends: one round trip fewer before a page that goes keeps it.
      objects.transaction.commit?.();
    };
    return promisifyRequest(objects.transaction);
  }).then(
    () => kept,
    () => undefined,
  );
}

/** Whether a copy is still worth resending: {@link outboxMaxAgeMs} if its send surely failed, else {@link outboxCopyMaxAgeMs}. */
export const freshCopy = ([keptAt, , unsent]: KeptCopy): boolean => Date.now() - keptAt < (unsent ? outboxMaxAgeMs : outboxCopyMaxAgeMs);
