import { describe, expect, it } from 'vitest';
import type { AcceptRequest, AcceptResult } from '../buffer/store-accepted.ts';
import type { VisitorBuffer } from '../buffer/visitor-buffer.ts';
import { acceptInShard } from './accept-in-shard.ts';

/** A stand-in shard whose calls are held until released, recording what each carried. */
function heldShard() {
  const calls: { requests: readonly AcceptRequest[]; release: (fail?: Error) => void }[] = [];
  const stub = {
    accept(requests: readonly AcceptRequest[]): Promise<AcceptResult[]> {
      return new Promise((resolve, reject) => {
        calls.push({ requests, release: (fail) => (fail ? reject(fail) : resolve(requests.map((request) => ({ accepted: request.events.length, duplicates: 0 })))) });
      });
    },
  };
  return { calls, stub: stub as unknown as DurableObjectStub<VisitorBuffer> };
}

const request = (events: number): AcceptRequest => ({
  partnerId: 'p',
  events: Array.from({ length: events }, (_, i) => ({ method: 'view', body: { sessionExternalId: `v${i}`, timestamp: '2026-12-01T00:00:00Z', productId: i + 1 } })),
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('acceptInShard', () => {
  it('calls at once when the shard is idle, then carries every request that came meanwhile in one call, each answered its own result', async () => {
    const { calls, stub } = heldShard();
    const kept: Promise<unknown>[] = [];
    const ctx = { waitUntil: (promise: Promise<unknown>) => void kept.push(promise) };
    const first = acceptInShard(stub, 'shared-test', request(1), ctx);
    await tick();
    expect(calls).toHaveLength(1);
    const others = [2, 3, 4].map((events) => acceptInShard(stub, 'shared-test', request(events), ctx));
    await tick();
    expect(calls).toHaveLength(1);
    calls[0]!.release();
    expect(await first).toEqual({ accepted: 1, duplicates: 0 });
    await tick();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.requests.map((r) => r.events.length)).toEqual([2, 3, 4]);
    calls[1]!.release();
    expect(await Promise.all(others)).toEqual([2, 3, 4].map((accepted) => ({ accepted, duplicates: 0 })));
    // Every request was kept alive until its answer, whoever made the call.
    expect(kept).toHaveLength(4);
  });

  it('answers each request of a failed call with the failure, and the next request still gets a call', async () => {
    const { calls, stub } = heldShard();
    const ctx = { waitUntil: () => {} };
    // Both come in the same turn, before the first call leaves: they share it.
    const first = acceptInShard(stub, 'failing-test', request(1), ctx);
    const second = acceptInShard(stub, 'failing-test', request(1), ctx);
    await tick();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.requests).toHaveLength(2);
    calls[0]!.release(new Error('shard unreachable'));
    await expect(first).rejects.toThrow('shard unreachable');
    await expect(second).rejects.toThrow('shard unreachable');
    const later = acceptInShard(stub, 'failing-test', request(2), ctx);
    await tick();
    expect(calls).toHaveLength(2);
    calls[1]!.release();
    expect(await later).toEqual({ accepted: 2, duplicates: 0 });
  });

  it('keeps shards apart: a call held on one does not hold another', async () => {
    const { calls, stub } = heldShard();
    const ctx = { waitUntil: () => {} };
    void acceptInShard(stub, 'apart-a', request(1), ctx);
    const other = acceptInShard(stub, 'apart-b', request(1), ctx);
    await tick();
    expect(calls).toHaveLength(2);
    calls[1]!.release();
    expect(await other).toEqual({ accepted: 1, duplicates: 0 });
  });
});
