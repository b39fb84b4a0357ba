import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import type { TrackedEventEnvelope } from '@rrelay/protocol';

/** The most events kept for a later resend; the oldest go first. */
export const outboxMaxEvents = 1000;

/** How long a kept event may wait for its resend (7 days). */
export const outboxMaxAgeMs = 6048e5;

type Kept = [keptAt: number, event: TrackedEventEnvelope];

/** idb-keyval's default store, opened on first use. */
let store: UseStore | undefined;

/**
 * The outbox of events whose send failed, in IndexedDB (idb-keyval's default
 * store, one key per relay URL). With `events`: keeps them, bounded by
 * {@link outboxMaxEvents}, and resolves `[]`. Without: takes every kept event
 * younger than {@link outboxMaxAgeMs} out of the store and resolves them.
 * Reading and writing is one IndexedDB transaction, so two tabs never both
 * take (and send) the same event; when it fails, nothing is taken.
 */
export function outbox(url: string, events?: TrackedEventEnvelope[]): Promise<TrackedEventEnvelope[]> {
  let taken: TrackedEventEnvelope[] = [];
  // idb-keyval's `update` in fewer bytes: a get and a put in one transaction; an exception in the
  // handler aborts the transaction, so the promise rejects and nothing is taken.
  return (store ||= createStore('keyval-store', 'keyval'))('readwrite', (objects) => {
    const request = objects.get('rr:' + url);
    request.onsuccess = () => {
      const kept: Kept[] = request.result || [];
      objects.put(
        events
          ? [...kept, ...events.map((event): Kept => [Date.now(), event])].slice(-outboxMaxEvents)
          : ((taken = kept.filter(([keptAt]) => Date.now() - keptAt < outboxMaxAgeMs).map(([, event]) => event)), []),
        'rr:' + url,
      );
    };
    return promisifyRequest(objects.transaction);
  }).then(
    () => taken,
    () => [],
  );
}
