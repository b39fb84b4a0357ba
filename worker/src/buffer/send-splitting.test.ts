import { describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../destinations/destination.ts';
import { sendSplitting } from './send-splitting.ts';

/** A destination that refuses any call holding a "bad" event, and records what it took. */
function strictDestination(bad: ReadonlySet<string>, script: DeliveryOutcome[] = []) {
  const taken: string[] = [];
  const calls: string[][] = [];
  const send = async (items: readonly string[]): Promise<DeliveryOutcome> => {
    calls.push([...items]);
    const scripted = script.shift();
    if (scripted) return scripted;
    const offender = items.find((item) => bad.has(item));
    if (offender) return { kind: 'rejected', status: 400, reason: `${offender} has an unknown productId` };
    taken.push(...items);
    return { kind: 'delivered', status: 200 };
  };
  return { send, taken, calls };
}

describe('sendSplitting', () => {
  it('sends a clean batch in one call', async () => {
    const destination = strictDestination(new Set());
    const result = await sendSplitting(['a', 'b', 'c'], destination.send);
    expect(result).toEqual({ delivered: ['a', 'b', 'c'], deadLettered: [], remaining: [], calls: 1 });
  });

  it('splits a refused batch to find the offender, forwards the good events in order and dead-letters the bad one', async () => {
    const items = Array.from({ length: 10 }, (_, i) => `e${i}`);
    const destination = strictDestination(new Set(['e6']));
    const result = await sendSplitting(items, destination.send);
    expect(result.delivered).toEqual(items.filter((item) => item !== 'e6'));
    expect(destination.taken).toEqual(items.filter((item) => item !== 'e6'));
    expect(result.deadLettered).toEqual([{ item: 'e6', status: 400, reason: 'e6 has an unknown productId' }]);
    expect(result.remaining).toEqual([]);
    expect(result.calls).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(items.length)) + 1);
  });

  it('dead-letters several offenders', async () => {
    const destination = strictDestination(new Set(['a', 'd']));
    const result = await sendSplitting(['a', 'b', 'c', 'd'], destination.send);
    expect(result.deadLettered.map((d) => d.item)).toEqual(['a', 'd']);
    expect(result.delivered).toEqual(['b', 'c']);
  });

  it('stops on a retry answer mid-split and keeps the rest pending, in order', async () => {
    const destination = strictDestination(new Set(['a']), [
      { kind: 'rejected', status: 400, reason: 'bad' },
      { kind: 'rejected', status: 400, reason: 'bad' },
      { kind: 'retry', status: 503, reason: 'unavailable' },
    ]);
    const result = await sendSplitting(['a', 'b', 'c', 'd'], destination.send);
    expect(result.stoppedBy).toEqual({ kind: 'retry', status: 503, reason: 'unavailable' });
    expect(result.delivered).toEqual([]);
    expect(result.remaining).toEqual(['a', 'b', 'c', 'd']);
  });
});
