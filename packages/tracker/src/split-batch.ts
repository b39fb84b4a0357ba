/** The largest request body the tracker sends: under the 64 KiB that `sendBeacon` and `fetch` keepalive allow in flight. */
export const maxBatchBytes = 60000;

/** The most events in one request (the relay's and Retail Rocket's `visitorEvents` bound). */
export const maxBatchEvents = 500;

// A TextEncoder, not a Blob per event: Chromium registers every Blob with its browser process, which
// made a send of 1,000 events a task of 200 ms (bench/tracker-main-thread.ts reports long tasks).
const utf8 = new TextEncoder();

/**
 * Splits events into batches whose JSON array stays under {@link maxBatchBytes}
 * (counted in UTF-8 bytes) and {@link maxBatchEvents}, keeping their order.
 */
export function splitBatch<T>(events: T[], maxBytes = maxBatchBytes): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let size = 1;
  for (const event of events) {
    const bytes = utf8.encode(JSON.stringify(event)).length + 1;
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
