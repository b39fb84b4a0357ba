/** The part of a pending event that batching looks at. */
export interface QueuedItem {
  /** Position in the buffer: accept order. */
  id: number;
  /** `sessionExternalId`: events of one visitor keep their order and never travel in two batches at once. */
  visitor: string;
}

/**
 * Picks the next batch from `pending` (in accept order): up to `maxBatch`
 * events, skipping every visitor that already has a batch in flight, so a
 * visitor's events reach the upstream in order and never in two parallel calls.
 * A full batch stops the scan, so no later event of a visitor overtakes an earlier one left out.
 */
export function pickBatch<T extends QueuedItem>(pending: readonly T[], busyVisitors: ReadonlySet<string>, maxBatch: number): T[] {
  const batch: T[] = [];
  for (const item of pending) {
    if (batch.length >= maxBatch) break;
    if (!busyVisitors.has(item.visitor)) batch.push(item);
  }
  return batch;
}
