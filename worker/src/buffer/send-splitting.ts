import type { DeliveryOutcome } from '../destinations/destination.ts';

/** What became of a batch sent with {@link sendSplitting}. */
export interface SplitDelivery<T> {
  /** Taken by the destination. */
  delivered: T[];
  /** Refused on their own (a one-event call answered 400), with the destination's reason. */
  deadLettered: { item: T; status: number; reason: string }[];
  /** Not settled: the call that met them asked to retry or was unauthorized (`stoppedBy`). */
  remaining: T[];
  /** The retry or unauthorized outcome that stopped the delivery, if any. */
  stoppedBy?: Extract<DeliveryOutcome, { kind: 'retry' | 'unauthorized' }>;
  /** Calls made. */
  calls: number;
}

/**
 * Sends `items` as one call; when the destination refuses it as bad input (400),
 * splits it in halves and sends each, down to single events, so the good events
 * are delivered and only the offending ones are dead-lettered with the reason.
 * The halves go in order, one after the other, so a visitor's order is kept; a
 * retry or unauthorized answer stops the rest, which stays pending.
 */
export async function sendSplitting<T>(items: readonly T[], send: (items: readonly T[]) => Promise<DeliveryOutcome>): Promise<SplitDelivery<T>> {
  const result: SplitDelivery<T> = { delivered: [], deadLettered: [], remaining: [], calls: 0 };
  const visit = async (part: readonly T[]): Promise<void> => {
    if (result.stoppedBy) {
      result.remaining.push(...part);
      return;
    }
    result.calls++;
    const outcome = await send(part);
    if (outcome.kind === 'delivered') {
      result.delivered.push(...part);
    } else if (outcome.kind === 'rejected') {
      if (part.length === 1) {
        result.deadLettered.push({ item: part[0]!, status: outcome.status, reason: outcome.reason });
      } else {
        const middle = Math.ceil(part.length / 2);
        await visit(part.slice(0, middle));
        await visit(part.slice(middle));
      }
    } else {
      result.stoppedBy = outcome;
      result.remaining.push(...part);
    }
  };
  await visit(items);
  return result;
}
