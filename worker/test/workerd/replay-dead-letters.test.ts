import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ShardTables } from '../../src/buffer/shard-tables.ts';
import type { VisitorBuffer } from '../../src/buffer/visitor-buffer.ts';

// A shard's dead letters, replayed and dropped through its RPC methods, with the tables read from
// inside the Durable Object. The partner is the one wrangler.jsonc names, which Retail Rocket serves.
const partnerId = '608423a9b126ac6ab3f8f0a5';
const view = (visitor: string, productId: number, eventId: string) =>
  JSON.stringify({ method: 'view', body: { sessionExternalId: visitor, timestamp: '2026-12-02T08:00:00+00:00', productId }, eventId });
const tablesOf = (instance: VisitorBuffer) => (instance as unknown as { tables: ShardTables }).tables;
const pendingEvents = (tables: ShardTables) => tables.sql.exec<{ event: string }>('SELECT event FROM pending ORDER BY id').toArray().map((row) => JSON.parse(row.event).eventId);

describe('dead letters in a shard', () => {
  it('replays the oldest first, behind the queue, and takes each once', async () => {
    const shard = env.BUFFER.getByName('dead-letters-replay');
    await runInDurableObject(shard, (instance: VisitorBuffer) => {
      const { deadLetters } = tablesOf(instance);
      deadLetters.add('retailrocket', partnerId, { id: 1, visitor: 'v1', event: view('v1', 901, 'd1'), acceptedAt: 1000 }, 400, 'product 901 is not in the feed', 2000);
      deadLetters.add('retailrocket', partnerId, { id: 2, visitor: 'v1', event: view('v1', 902, 'd2'), acceptedAt: 1001 }, 400, 'product 902 is not in the feed', 2001);
      deadLetters.add('retailrocket', partnerId, { id: 3, visitor: 'v2', event: view('v2', 903, 'd3'), acceptedAt: 1002 }, 503, 'upstream down', 2002);
    });
    const listed = await shard.deadLetters({ reason: 'NOT IN THE FEED' }, 10);
    expect(listed.map((row) => row.event.eventId)).toEqual(['d2', 'd1']);
    expect(await shard.deadLetters({ reason: 'not in the feed' }, 10, [listed[0]!.at, listed[0]!.id])).toHaveLength(1);
    expect(await shard.replayDeadLetters({ status: 400 })).toEqual({ replayed: 2, alreadyAccepted: 0, notServed: 0, more: false });
    expect(await shard.replayDeadLetters({ status: 400 })).toEqual({ replayed: 0, alreadyAccepted: 0, notServed: 0, more: false });
    await runInDurableObject(shard, (instance: VisitorBuffer) => {
      const tables = tablesOf(instance);
      expect(pendingEvents(tables)).toEqual(['d1', 'd2']);
      expect(tables.deadLetters.stored('retailrocket', partnerId)).toBe(1);
      expect(tables.counters.all().get(`retailrocket:${partnerId}:replayed`)).toBe(2);
      expect(tables.activity.newest(5).find((entry) => entry.kind === 'replayed')).toMatchObject({ destination: 'retailrocket', partnerId, events: 2 });
    });
  });

  it('forgets, without sending it again, a dead letter whose event the relay accepted again since', async () => {
    const shard = env.BUFFER.getByName('dead-letters-accepted-again');
    await runInDurableObject(shard, (instance: VisitorBuffer) => {
      const tables = tablesOf(instance);
      tables.deadLetters.add('retailrocket', partnerId, { id: 1, visitor: 'v1', event: view('v1', 911, 'again'), acceptedAt: 1000 }, 400, 'refused', 2000);
      tables.deadLetters.add('retailrocket', partnerId, { id: 2, visitor: 'v1', event: view('v1', 912, 'first'), acceptedAt: 1000 }, 400, 'refused', 2000);
      // `again` was first seen again at 5000 (a resend after the dedupe window had forgotten it); `first` only when accepted.
      tables.sql.exec('INSERT INTO seen_events (partner_id, event_id, at) VALUES (?, ?, ?), (?, ?, ?)', partnerId, 'again', 5000, partnerId, 'first', 1000);
    });
    expect(await shard.replayDeadLetters({ partnerId })).toEqual({ replayed: 1, alreadyAccepted: 1, notServed: 0, more: false });
    await runInDurableObject(shard, (instance: VisitorBuffer) => {
      const tables = tablesOf(instance);
      expect(pendingEvents(tables)).toEqual(['first']);
      expect(tables.deadLetters.stored('retailrocket', partnerId)).toBe(0);
    });
  });

  it('leaves a dead letter for a destination that no longer serves its partner, and drops by filter', async () => {
    const shard = env.BUFFER.getByName('dead-letters-drop');
    await runInDurableObject(shard, (instance: VisitorBuffer) => {
      const { deadLetters } = tablesOf(instance);
      deadLetters.add('retailrocket', 'no-such-partner', { id: 1, visitor: 'v1', event: view('v1', 921, 'unserved'), acceptedAt: 1000 }, 400, 'refused', 2000);
      deadLetters.add('retailrocket', partnerId, { id: 2, visitor: 'v1', event: view('v1', 922, 'drop-me'), acceptedAt: 1000 }, 400, 'refused', 2000);
    });
    expect(await shard.replayDeadLetters({ ids: [1] })).toEqual({ replayed: 0, alreadyAccepted: 0, notServed: 1, more: false });
    expect(await shard.dropDeadLetters({ partnerId })).toEqual({ dropped: 1, more: false });
    expect((await shard.deadLetters({}, 10)).map((row) => row.event.eventId)).toEqual(['unserved']);
  });
});
