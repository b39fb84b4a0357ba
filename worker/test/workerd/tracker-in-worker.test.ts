import { env, SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '@rrelay/tracker';
import { shardFor, shardName } from '../../src/buffer/shard-for.ts';

// @rrelay/tracker as a store's own Worker uses it (for events only a server knows,
// such as an order confirmed by payment): the Workers runtime, no DOM, no cookie,
// no IndexedDB, the session id passed in. Its fetch is pointed at this relay's
// code (SELF), so what the tracker sends is what the relay validates and holds.
const partnerId = '608423a9b126ac6ab3f8f0a5';
const sent: { url: string; status: number; answer: unknown }[] = [];

const relayAsFetch = () =>
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const response = await SELF.fetch(input as string, init);
    sent.push({ url: String(input), status: response.status, answer: await response.clone().json() });
    return response;
  });

describe('@rrelay/tracker inside a Worker', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    sent.length = 0;
  });

  it('sends an order confirmed on the server, one event per line, to the relay, which holds them for the visitor', async () => {
    relayAsFetch();
    const rr = createTracker({ partnerId, endpoint: 'https://relay.example/', sessionId: 'WorkerPaidOrder1' });
    expect(rr.sessionId).toBe('WorkerPaidOrder1');
    rr.order({ transaction: 'T-2026-0042', items: [{ productId: 123456, price: 49.9, quantity: 2 }, { productId: 234567, price: 15, quantity: 1, stockId: 'NewYork' }] });
    rr.setContact({ contactExternalId: 'customer77', email: 'paid@example.com' });
    await rr.flush();

    expect(sent).toEqual([{ url: `https://relay.example/1.0/visitorEvents?partnerId=${partnerId}`, status: 200, answer: { accepted: 3, rejected: [] } }]);
    const shard = env.BUFFER.getByName(shardName(shardFor(partnerId, 'WorkerPaidOrder1', 4)));
    const activity = await shard.activity(20);
    const accepted = activity.flatMap((entry) => (entry.kind === 'accepted' && entry.visitor === 'WorkerPaidOrder1' ? [entry.method] : []));
    expect(accepted.sort()).toEqual(['order', 'order', 'setContact']);
  });

  it('keeps a batch the relay could not take and sends it, once, with the next flush', async () => {
    const fetchSpy = relayAsFetch();
    fetchSpy.mockImplementationOnce(async () => new Response('relay restarting', { status: 503 }));
    const rr = createTracker({ partnerId, endpoint: 'https://relay.example', sessionId: 'WorkerRetry1' });
    rr.view({ productId: 1 });
    await rr.flush();
    expect(sent).toEqual([]);
    rr.view({ productId: 2 });
    await rr.flush();
    expect(sent.map(({ status, answer }) => [status, answer])).toEqual([[200, { accepted: 2, rejected: [] }]]);
  });
});
