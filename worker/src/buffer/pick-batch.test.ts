import { describe, expect, it } from 'vitest';
import { pickBatch } from './pick-batch.ts';

const item = (id: number, visitor: string) => ({ id, visitor });

describe('pickBatch', () => {
  it('takes events in accept order up to the batch size', () => {
    const pending = [item(1, 'a'), item(2, 'b'), item(3, 'a'), item(4, 'c')];
    expect(pickBatch(pending, new Set(), 3).map((i) => i.id)).toEqual([1, 2, 3]);
  });

  it('skips every event of a visitor with a batch in flight', () => {
    const pending = [item(1, 'a'), item(2, 'b'), item(3, 'a'), item(4, 'c')];
    expect(pickBatch(pending, new Set(['a']), 10).map((i) => i.id)).toEqual([2, 4]);
  });

  it('never lets a later event of a visitor overtake one left out of a full batch', () => {
    const pending = [item(1, 'a'), item(2, 'b'), item(3, 'c'), item(4, 'b'), item(5, 'a')];
    // b's first event does not fit, so its second must not either; a's second still fits after c.
    expect(pickBatch(pending, new Set(), 1).map((i) => i.id)).toEqual([1]);
    expect(pickBatch(pending, new Set(), 2).map((i) => i.id)).toEqual([1, 2]);
    expect(pickBatch([item(1, 'a'), item(2, 'b'), item(3, 'b'), item(4, 'a')], new Set(), 2).map((i) => i.id)).toEqual([1, 2]);
  });

  it('returns nothing when every pending visitor is busy', () => {
    expect(pickBatch([item(1, 'a')], new Set(['a']), 5)).toEqual([]);
  });
});
