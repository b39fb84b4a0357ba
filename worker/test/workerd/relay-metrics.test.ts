import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { RelayMetrics } from '../../src/buffer/relay-metrics.ts';
import type { ShardTables } from '../../src/buffer/shard-tables.ts';
import type { VisitorBuffer } from '../../src/buffer/visitor-buffer.ts';

// The optional RELAY_METRICS dataset (Workers Analytics Engine). Locally `wrangler dev` drops every data
// point, so these tests hand a shard a dataset that records them, and drive the shard through its RPC methods.
const partnerId = '608423a9b126ac6ab3f8f0a5';

function recordingDataset() {
  const points: AnalyticsEngineDataPoint[] = [];
  return { points, dataset: { writeDataPoint: (point?: AnalyticsEngineDataPoint) => void points.push(point!) } as AnalyticsEngineDataset };
}

describe('RelayMetrics', () => {
  it('writes nothing, and fails at nothing, without the binding', () => {
    const metrics = new RelayMetrics(undefined);
    expect(() => metrics.ingest(partnerId, { accepted: 1, duplicates: 0, rejected: 0, botFiltered: 0 })).not.toThrow();
  });

  it('keeps an index within the 96 bytes Analytics Engine takes', () => {
    const { points, dataset } = recordingDataset();
    new RelayMetrics(dataset).ingest('p'.repeat(200), { accepted: 1, duplicates: 0, rejected: 0, botFiltered: 0 });
    expect(new TextEncoder().encode(String(points[0]!.indexes![0])).length).toBeLessThanOrEqual(96);
  });

  it('gets one point per ingest request and one per batch from a shard, with counts and the upstream latency', async () => {
    const { points, dataset } = recordingDataset();
    const shard = env.BUFFER.getByName('metrics-test');
    await runInDurableObject(shard, (instance: VisitorBuffer) => {
      (instance as unknown as { tables: ShardTables }).tables.metrics = new RelayMetrics(dataset);
    });
    const view = (productId: number, eventId: string) => ({ method: 'view' as const, body: { sessionExternalId: 'metrics1', timestamp: '2026-12-02T08:00:00+00:00', productId }, eventId });
    await shard.accept([{ partnerId, events: [view(1, 'm1'), view(2, 'm2'), view(1, 'm1')], rejections: [{ index: 3, path: 'view.productId', reason: 'must be a number' }] }]);
    expect(points[0]).toEqual({ indexes: [partnerId], blobs: ['ingest', '', partnerId, ''], doubles: [3, 1, 1, 0] });
    // The unit tests' upstream (127.0.0.1:9) never answers: the batch is retried, and says so.
    await shard.report(); // flushes what is due
    await expect.poll(() => points.find((point) => point.blobs?.[0] === 'delivery'), { timeout: 10_000 }).toBeDefined();
    const delivery = points.find((point) => point.blobs?.[0] === 'delivery')!;
    expect(delivery.indexes).toEqual([partnerId]);
    expect(delivery.blobs).toEqual(['delivery', 'retailrocket', partnerId, '0']);
    const [forwarded, retried, deadLettered, calls, latencyMs] = delivery.doubles!;
    expect([forwarded, retried, deadLettered, calls]).toEqual([0, 2, 0, 1]);
    expect(latencyMs).toBeGreaterThanOrEqual(0);
  });
});
