import { update } from 'idb-keyval';
import type { TrackedEventEnvelope } from '@rrelay/protocol';

/** The most events kept for a later resend; the oldest go first. */
export const outboxMaxEvents = 1000;

/** How long a kept event may wait for its resend (7 days). */
export const outboxMaxAgeMs = 6048e5;

type Kept = [keptAt: number, event: TrackedEventEnvelope];

/**
 * Keeps events whose send failed in IndexedDB (idb-keyval's default store,
 * one key per relay URL), bounded by {@link outboxMaxEvents}.
 */
export function keepEvents(url: string, events: TrackedEventEnvelope[]): Promise<void> {
  return update<Kept[]>('rr:' + url, (kept = []) => [...kept, ...events.map((event): Kept => [Date.now(), event])].slice(-outboxMaxEvents)).catch(() => {});
}

/**
 * Takes every kept event younger than {@link outboxMaxAgeMs} out of the store.
 * Reading and emptying is one IndexedDB transaction, so two tabs never both
 * take (and send) the same event.
 */
export async function takeKeptEvents(url: string): Promise<TrackedEventEnvelope[]> {
  let taken: TrackedEventEnvelope[] = [];
  await update<Kept[]>('rr:' + url, (kept = []) => {
    taken = kept.filter(([keptAt]) => Date.now() - keptAt < outboxMaxAgeMs).map(([, event]) => event);
    return [];
  }).catch(() => {});
  return taken;
}
