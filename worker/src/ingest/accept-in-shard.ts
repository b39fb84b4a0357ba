import type { AcceptRequest, AcceptResult } from '../buffer/store-accepted.ts';
import type { VisitorBuffer } from '../buffer/visitor-buffer.ts';

/** The most requests one shared call carries, so one call's transaction stays short. */
const maxRequestsPerCall = 32;

interface Waiter {
  request: AcceptRequest;
  /** Settled with this request's result once a call carrying it has returned. */
  answer: PromiseWithResolvers<AcceptResult>;
  /** Resolved when this request is to make the next call, for itself and those waiting behind it. */
  turn: PromiseWithResolvers<'lead'>;
}

/** Per isolate and shard: the requests waiting for a call, and whether one is under way. */
const lines = new Map<string, { busy: boolean; waiting: Waiter[] }>();

/**
 * Hands one request's events to its buffer shard, sharing the call with the
 * requests of this isolate that arrive for the same shard while a call is
 * under way (a group commit): the first makes the call at once; those that
 * come meanwhile wait, and the first of them makes the next call for all of
 * them. Each request still gets its own result only once its events are
 * durable. A call is always made from the context of a request it carries,
 * and every waiting request is kept alive with `waitUntil`, so a client that
 * hangs up cannot strand the others (a promise settled for a request whose
 * context has ended is never delivered).
 */
export function acceptInShard(
  shard: DurableObjectStub<VisitorBuffer>,
  shardName: string,
  request: AcceptRequest,
  ctx: Pick<ExecutionContext, 'waitUntil'>,
): Promise<AcceptResult> {
  const result = takePart(shard, shardName, request);
  ctx.waitUntil(result.catch(() => undefined));
  return result;
}

async function takePart(shard: DurableObjectStub<VisitorBuffer>, shardName: string, request: AcceptRequest): Promise<AcceptResult> {
  let line = lines.get(shardName);
  if (!line) lines.set(shardName, (line = { busy: false, waiting: [] }));
  const me: Waiter = { request, answer: Promise.withResolvers(), turn: Promise.withResolvers() };
  line.waiting.push(me);
  if (!line.busy) {
    line.busy = true;
    me.turn.resolve('lead');
  }
  if ((await Promise.race([me.turn.promise, me.answer.promise])) !== 'lead') return me.answer.promise;

  const group = line.waiting.splice(0, maxRequestsPerCall);
  try {
    const results = await shard.accept(group.map((waiter) => waiter.request));
    group.forEach((waiter, index) => waiter.answer.resolve(results[index]!));
  } catch (error) {
    for (const waiter of group) waiter.answer.reject(error);
  } finally {
    const next = line.waiting[0];
    if (next) next.turn.resolve('lead');
    else line.busy = false;
  }
  return me.answer.promise;
}
