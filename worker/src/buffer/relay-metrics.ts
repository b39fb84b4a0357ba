/** What one ingest request added, for {@link RelayMetrics.ingest}. */
export interface IngestCounts {
  accepted: number;
  duplicates: number;
  rejected: number;
  botFiltered: number;
}

/** What became of one batch, for {@link RelayMetrics.delivery}. */
export interface DeliveryCounts {
  forwarded: number;
  retried: number;
  deadLettered: number;
  /** Upstream calls the batch took (more than one when a 400 split it). */
  calls: number;
  /** Those calls' time to an answer (or to giving up), added up, in ms. */
  latencyMs: number;
  /** The last call's status (0: no answer). */
  status: number;
}

/** Analytics Engine takes an index of at most 96 bytes; partner ids are far shorter, but the limit is not ours. */
const maxIndexBytes = 96;

/**
 * The relay's numbers for a store's own Cloudflare dashboard: one data point per ingest request and one
 * per delivered batch, written to the Workers Analytics Engine dataset bound as `RELAY_METRICS`, if any
 * (without the binding, nothing is written and nothing else changes). Each point is indexed by partner id;
 * `blob1` is `ingest` or `delivery`, `blob2` the destination (empty for ingest), `blob3` the partner id,
 * `blob4` the last call's status (delivery); the doubles are, for ingest, accepted, duplicates, rejected and
 * bot-filtered events, and for delivery, forwarded, retried and dead-lettered events, calls and their
 * summed latency in ms. One point per request or batch, not per event, stays far under Analytics Engine's
 * 250 points per invocation.
 */
export class RelayMetrics {
  readonly #dataset: AnalyticsEngineDataset | undefined;

  constructor(dataset: AnalyticsEngineDataset | undefined) {
    this.#dataset = dataset;
  }

  /** Records one ingest request's events for `partnerId`. */
  ingest(partnerId: string, counts: IngestCounts): void {
    this.#write(partnerId, ['ingest', '', partnerId, ''], [counts.accepted, counts.duplicates, counts.rejected, counts.botFiltered]);
  }

  /** Records what became of one batch for `destination` and `partnerId`. */
  delivery(destination: string, partnerId: string, counts: DeliveryCounts): void {
    this.#write(partnerId, ['delivery', destination, partnerId, String(counts.status)], [counts.forwarded, counts.retried, counts.deadLettered, counts.calls, counts.latencyMs]);
  }

  #write(partnerId: string, blobs: string[], doubles: number[]): void {
    if (!this.#dataset) return;
    const index = new TextEncoder().encode(partnerId).length <= maxIndexBytes ? partnerId : partnerId.slice(0, maxIndexBytes / 4);
    this.#dataset.writeDataPoint({ indexes: [index], blobs, doubles });
  }
}
