/** The largest request body the tracker sends: under the 64 KiB that `sendBeacon` and `fetch` keepalive allow in flight. */
export const maxBatchBytes = 60000;

/** The most events in one request (the relay's and Retail Rocket's `visitorEvents` bound). */
export const maxBatchEvents = 500;

/**
 * Splits events into batches whose JSON array stays under {@link maxBatchBytes}
 * (counted in UTF-8 bytes) and {@link maxBatchEvents}, keeping their order.
 */
export function splitBatch<T>(events: T[], maxBytes = maxBatchBytes): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let size = 1;
  for (const event of events) {
    const bytes = new Blob([JSON.stringify(event)]).size + 1;
    if (batch.length && (size + bytes > maxBytes || batch.length == maxBatchEvents)) {
      batches.push(batch);
      batch = [];
      size = 1;
    }
    batch.push(event);
    size += bytes;
  }
  if (batch.length) batches.push(batch);
  return batches;
}
