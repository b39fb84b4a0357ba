import { describe, expect, it } from 'vitest';
import { maxBatchBytes, maxBatchEvents, splitBatch } from './split-batch.ts';

const bytes = (batch: unknown[]) => new TextEncoder().encode(JSON.stringify(batch)).length;

describe('splitBatch', () => {
  it('keeps a small batch whole', () => {
    expect(splitBatch([{ a: 1 }, { b: 2 }])).toEqual([[{ a: 1 }, { b: 2 }]]);
    expect(splitBatch([])).toEqual([]);
  });

  it('keeps every request under the byte bound, counting UTF-8 bytes, in order', () => {
    // 2,000 events of ~300 UTF-8 bytes (Cyrillic takes two bytes a letter): ~600 KB.
    const events = Array.from({ length: 2000 }, (_, i) => ({ search: { searchPhrase: 'подгузник'.repeat(15) + i }, eventId: `e${i}` }));
    const batches = splitBatch(events);
    expect(batches.length).toBeGreaterThan(9);
    for (const batch of batches) expect(bytes(batch)).toBeLessThanOrEqual(maxBatchBytes);
    expect(batches.flat()).toEqual(events);
  });

  it('caps a batch at the relay’s event count', () => {
    const batches = splitBatch(Array.from({ length: 1200 }, (_, i) => i));
    expect(batches.map((batch) => batch.length)).toEqual([maxBatchEvents, maxBatchEvents, 200]);
  });
});
