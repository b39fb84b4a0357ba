import { env } from 'cloudflare:test';
import type { VisitorEvent } from '@rrelay/protocol';
import { describe, expect, it } from 'vitest';

const view = (visitor: string, productId: number, eventId: string): VisitorEvent => ({
  method: 'view',
  eventId,
  body: { sessionExternalId: visitor, timestamp: new Date().toISOString(), productId },
});

describe('a buffer shard’s accept, written in multi-row statements', () => {
  it('keeps all 500 events of a request, in order, past the 100-parameter limit, and drops a repeated id once', async () => {
    const shard = env.BUFFER.getByName('accept-multi-row-test');
    const events = Array.from({ length: 500 }, (_, i) => view(`v${i % 7}`, i + 1, `multi-${i}`));
    // The same id twice in one request: the second copy is a duplicate, like one sent again later.
    events.push(view('v1', 9999, 'multi-3'));
    const [first] = await shard.accept([{ partnerId: '608423a9b126ac6ab3f8f0a5', events }]);
    expect(first).toEqual({ accepted: 501, duplicates: 1 });
    const [again] = await shard.accept([{ partnerId: '608423a9b126ac6ab3f8f0a5', events: events.slice(0, 120) }]);
    expect(again).toEqual({ accepted: 120, duplicates: 120 });

    const report = await shard.report();
    const queue = report.queues.find((q) => q.destination === 'retailrocket');
    expect(queue?.pending).toBe(500);
    const activity = await shard.activity(1000);
    const accepted = activity.filter((entry) => entry.kind === 'accepted').reverse();
    expect(accepted.map((entry) => 'eventId' in entry && entry.eventId)).toEqual(events.slice(0, 500).map((event) => event.eventId));
    expect(activity.filter((entry) => entry.kind === 'duplicate')).toHaveLength(121);
  });
});
