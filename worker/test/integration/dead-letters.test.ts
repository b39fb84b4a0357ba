import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRelayUnderTest, type RelayUnderTest } from './relay-under-test.ts';

// Dead letters an operator lists, replays once the cause is fixed, and drops, through the relay under
// `wrangler dev` and the local upstream, which refuses (400) any call holding a product it is told to.

const apiKey = 'dead-letter-test-key-5e1f';
const healthToken = 'dead-letter-health-token-0c3a';
let relay: RelayUnderTest;
let run = 0;

beforeAll(async () => {
  relay = await startRelayUnderTest({
    portOffset: 80,
    apiKey,
    healthToken,
    upstream: { behaviour: { latencyMs: 5, rejectProductIds: [] } },
    vars: { BATCH_SIZE: '20', BATCH_MAX_WAIT_MS: '200', RETRY_BASE_MS: '300', CLIENT_LIMIT: 'off' },
  });
});
afterAll(() => relay.stop());
beforeEach(() => {
  run++;
  relay.upstream.behaviour.rejectProductIds = [];
});

/** One view per product id for `visitor`, in one request. */
async function views(visitor: string, ...productIds: number[]) {
  const envelopes = productIds.map((productId) => ({ view: { sessionExternalId: visitor, timestamp: new Date().toISOString(), productId }, eventId: `${visitor}-${productId}` }));
  const response = await relay.ingest(envelopes);
  expect(response.status).toBe(200);
}

const operator = (path: string, body?: unknown) =>
  fetch(`${relay.relayUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${healthToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

type DeadLetter = { id: string; destination: string; partnerId: string; visitor: string; method: string; eventId: string; status: number; reason: string; fields: Record<string, unknown> };
const deadLetters = async (query = '') => ((await (await operator(`/admin/dead-letters?${query}`)).json()) as { deadLetters: DeadLetter[]; next?: string }).deadLetters;
/** The product ids of `visitor`'s views the upstream took, in the order it took them. */
const delivered = (visitor: string) =>
  relay.upstream.accepted.flatMap((call) => call.events).filter((event) => event.body.sessionExternalId === visitor).map((event) => (event.body as { productId: number }).productId);

describe('dead letters', () => {
  it('an event refused with a 400, the cause removed, replayed: delivered once, and a second replay finds nothing', async () => {
    const visitor = `dl${run}refused`;
    relay.upstream.behaviour.rejectProductIds = [901];
    await views(visitor, 900, 901, 902);
    await expect.poll(() => deadLetters(`reason=${encodeURIComponent('not in the feed')}`).then((list) => list.filter((entry) => entry.visitor === visitor)), { timeout: 15_000 }).toMatchObject([
      { destination: 'retailrocket', partnerId: relay.partnerId, method: 'view', eventId: `${visitor}-901`, status: 400, reason: expect.stringContaining('product 901'), fields: { productId: 901 } },
    ]);
    await expect.poll(() => delivered(visitor), { timeout: 10_000 }).toEqual([900, 902]);
    const [dead] = (await deadLetters('status=400')).filter((entry) => entry.visitor === visitor);
    expect(dead!.id).toMatch(/^\d+\.\d+$/);
    expect((await deadLetters('status=500')).some((entry) => entry.visitor === visitor)).toBe(false);
    const report = await relay.health();
    expect(report.counts.deadLetters).toBeGreaterThanOrEqual(1);
    expect(report.notices.join(' ')).toMatch(/dead letters wait to be replayed or dropped/);

    // The feed fixed: the replay goes through the queue to the upstream, once.
    relay.upstream.behaviour.rejectProductIds = [];
    expect(await (await operator('/admin/dead-letters/replay', { ids: [dead!.id] })).json()).toEqual({ replayed: 1, alreadyAccepted: 0, notServed: 0, more: false });
    expect(await (await operator('/admin/dead-letters/replay', { ids: [dead!.id] })).json()).toEqual({ replayed: 0, alreadyAccepted: 0, notServed: 0, more: false });
    await expect.poll(() => delivered(visitor), { timeout: 10_000 }).toEqual([900, 902, 901]);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a second copy would arrive now
    expect(delivered(visitor)).toEqual([900, 902, 901]);
    expect((await deadLetters()).some((entry) => entry.visitor === visitor)).toBe(false);
    expect((await relay.health()).counts.deadLettersReplayed).toBeGreaterThanOrEqual(1);
    expect((await relay.activity()).some((entry) => entry.kind === 'replayed' && entry.destination === 'retailrocket')).toBe(true);
  });

  it('a replay racing new events of the same visitor keeps their order', async () => {
    const visitor = `dl${run}race`;
    relay.upstream.behaviour.rejectProductIds = [911];
    await views(visitor, 910, 911);
    await expect.poll(async () => (await deadLetters()).filter((entry) => entry.visitor === visitor).length, { timeout: 15_000 }).toBe(1);
    relay.upstream.behaviour.rejectProductIds = [];
    for (const productId of [912, 913, 914]) await views(visitor, productId);
    // The replay, and at the same time three more requests one after another: the replayed event takes its place in the queue.
    const [replay] = await Promise.all([
      operator('/admin/dead-letters/replay', { partnerId: relay.partnerId, reason: 'product 911' }),
      (async () => {
        for (const productId of [915, 916, 917]) await views(visitor, productId);
      })(),
    ]);
    expect(await replay.json()).toMatchObject({ replayed: 1 });
    for (const productId of [918, 919]) await views(visitor, productId);
    await expect.poll(() => delivered(visitor).length, { timeout: 15_000 }).toBe(10);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const order = delivered(visitor);
    expect([...order].sort()).toEqual([910, 911, 912, 913, 914, 915, 916, 917, 918, 919]);
    // What the visitor sent before the replay goes ahead of it, what came after it behind it, each once.
    expect(order.slice(0, 4)).toEqual([910, 912, 913, 914]);
    expect(order.slice(-2)).toEqual([918, 919]);
    expect(order.filter((productId) => productId !== 911)).toEqual([910, 912, 913, 914, 915, 916, 917, 918, 919]);
  });

  it('drops a selection, names a bad field, and pages the list', async () => {
    const visitor = `dl${run}drop`;
    relay.upstream.behaviour.rejectProductIds = [921, 922, 923];
    await views(visitor, 921);
    await views(visitor, 922);
    await views(visitor, 923);
    await expect.poll(async () => (await deadLetters()).filter((entry) => entry.visitor === visitor).length, { timeout: 15_000 }).toBe(3);
    const first = (await (await operator('/admin/dead-letters?limit=2')).json()) as { deadLetters: DeadLetter[]; next?: string };
    expect(first.deadLetters).toHaveLength(2);
    const secondPage = await operator(`/admin/dead-letters?limit=500&before=${first.next}`);
    const second = (await secondPage.json()) as { deadLetters: DeadLetter[] };
    expect(secondPage.status, JSON.stringify(second)).toBe(200);
    const ids = [...first.deadLetters, ...second.deadLetters].map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining((await deadLetters('limit=500')).map((entry) => entry.id)));

    const bad = await operator('/admin/dead-letters?destination=nowhere');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ field: 'destination', reason: expect.stringContaining('retailrocket') });
    const empty = await operator('/admin/dead-letters/drop', {});
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.reason).toMatch(/name the dead letters/);
    expect((await operator('/admin/dead-letters/drop', { ids: ['999.1'] })).status).toBe(400);
    expect((await fetch(`${relay.relayUrl}/admin/dead-letters`)).status).toBe(401);

    const mine = (await deadLetters()).filter((entry) => entry.visitor === visitor).map((entry) => entry.id);
    expect(await (await operator('/admin/dead-letters/drop', { ids: mine })).json()).toEqual({ dropped: 3, more: false });
    expect((await deadLetters()).some((entry) => entry.visitor === visitor)).toBe(false);
    expect((await relay.health()).counts.deadLettersDropped).toBeGreaterThanOrEqual(3);
    expect(delivered(visitor)).toEqual([]);
  });
});
