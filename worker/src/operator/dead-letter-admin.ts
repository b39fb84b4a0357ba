import * as v from 'valibot';
import type { ActivityEntry } from '../buffer/activity-entry.ts';
import type { DeadLetterFilter, DeadLetterRow } from '../buffer/dead-letters.ts';
import type { DropResult, ReplayResult } from '../buffer/replay-dead-letters.ts';
import { everyShard } from '../buffer/every-shard.ts';
import type { VisitorBuffer } from '../buffer/visitor-buffer.ts';
import { destinations } from '../destinations/index.ts';
import { errorResponse, jsonResponse } from '../http/json-response.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { refusalOf, validQuery, wholeNumber, wholeNumberText } from './operator-feeds.ts';

/** A dead letter's relay-wide id: `{shard}.{row id}`. */
const deadLetterId = v.pipe(v.string('must be a string'), v.regex(/^\d{1,3}\.\d{1,15}$/, 'must be a dead letter id, {shard}.{id}'));

/** Makes the schema of a whole number from `min` to `max`. */
type WholeNumber = (min: number, max: number) => v.GenericSchema<any, number>;

const epochMs = (number: WholeNumber) => number(0, Number.MAX_SAFE_INTEGER);

/** The filter fields, with numbers as `number` reads them (from a query string, or from JSON). */
const filterFields = (number: WholeNumber) => ({
  destination: v.optional(v.picklist(destinations.map((destination) => destination.name), `must be one of ${destinations.map((destination) => destination.name).join(', ')}`)),
  partnerId: v.optional(v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'), v.maxLength(100, 'must be at most 100 characters'))),
  status: v.optional(number(0, 599)),
  reason: v.optional(v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'), v.maxLength(200, 'must be at most 200 characters'))),
  since: v.optional(epochMs(number)),
  until: v.optional(epochMs(number)),
});

/**
 * The query of `GET /admin/dead-letters`: the filter fields, `limit` 1–500 (default 100), and `before`,
 * the `next` of the previous page.
 */
export const deadLetterQuerySchema = v.object({
  ...filterFields(wholeNumberText),
  limit: v.optional(wholeNumberText(1, 500), '100'),
  before: v.optional(v.pipe(v.string(), v.regex(/^\d{1,16}\.\d{1,3}\.\d{1,15}$/, 'must be the next of a previous page'))),
});

/** `GET /admin/dead-letters`'s query, checked. */
export const deadLetterQuery = validQuery(deadLetterQuerySchema);

/**
 * The body of a replay or drop: which dead letters, by `ids` (at most 1,000), by filter fields, or
 * `all: true`; ids and filter fields together mean the ids that match.
 */
export const deadLetterSelectionSchema = v.pipe(
  v.strictObject(
    {
      ...filterFields(wholeNumber),
      ids: v.optional(v.pipe(v.array(deadLetterId, 'must be an array of dead letter ids'), v.minLength(1, 'must not be empty'), v.maxLength(1000, 'must hold at most 1000 ids'))),
      all: v.optional(v.literal(true, 'must be true when given')),
    },
    'must be an object of ids, destination, partnerId, status, reason, since, until or all, and nothing else',
  ),
  v.check((selection) => Object.keys(selection).length > 0, 'name the dead letters: ids, a filter (destination, partnerId, status, reason, since, until), or all: true'),
);

/** One dead letter as an operator sees it: the activity log's line for it, its id, when it was accepted, and its fields with personal data (an email, a phone) hidden. */
export type DeadLetterView = Omit<Extract<ActivityEntry, { kind: 'dead_letter' }>, 'kind'> & { id: string; acceptedAt: number; fields: Record<string, unknown> };

const personalField = /^(email|phone)$/i;

const viewOf = (shard: number, row: DeadLetterRow): DeadLetterView => ({
  id: `${shard}.${row.id}`,
  destination: row.destination,
  partnerId: row.partnerId,
  visitor: row.event.body.sessionExternalId,
  method: row.event.method,
  ...(row.event.eventId ? { eventId: row.event.eventId } : {}),
  status: row.status,
  reason: row.reason,
  acceptedAt: row.acceptedAt,
  at: row.at,
  fields: Object.fromEntries(Object.entries(row.event.body).map(([name, value]) => [name, personalField.test(name) ? '(hidden)' : value])),
});

/**
 * `GET /admin/dead-letters?destination=&partnerId=&status=&reason=&since=&until=&limit=&before=`: every
 * shard's dead letters that match, newest first (by time, shard, id), a page of `limit` at a time; `next`,
 * when there may be more, is the `before` of the next page.
 */
export async function handleDeadLetters(env: Env, query: v.InferOutput<typeof deadLetterQuerySchema>): Promise<Response> {
  const { limit, before, ...filter } = query;
  const cursor = before?.split('.').map(Number) as [at: number, shard: number, id: number] | undefined;
  const pages = await Promise.all(
    everyShard(env).map(async (stub, shard) => {
      // After the cursor in (time, shard, id) order: a shard below the cursor's may repeat its time, one above may not.
      const after = cursor && ([cursor[0], shard < cursor[1] ? Number.MAX_SAFE_INTEGER : shard === cursor[1] ? cursor[2] : 0] as const);
      // One more than a page, so that a shard holding the whole next page says there is one.
      return (await stub.deadLetters(filter, limit + 1, after)).map((row) => ({ shard, row }));
    }),
  );
  const merged = pages.flat().sort((a, b) => b.row.at - a.row.at || b.shard - a.shard || b.row.id - a.row.id);
  const page = merged.slice(0, limit);
  const last = page.at(-1);
  const next = merged.length > limit && last ? { next: `${last.row.at}.${last.shard}.${last.row.id}` } : {};
  return jsonResponse(200, { deadLetters: page.map(({ shard, row }) => viewOf(shard, row)), ...next }, { 'cache-control': 'no-store' });
}

/** Each shard a selection names, and its filter there. */
type ShardSelection = [shard: DurableObjectStub<VisitorBuffer>, filter: DeadLetterFilter][];

/** Reads and checks a replay's or drop's body; answers each shard it names with that shard's filter, or the relay's 400. */
async function selectionOf(request: Request, env: Env): Promise<{ ok: true; shards: ShardSelection } | { ok: false; response: Response }> {
  const body = await readJsonBody(request);
  if (!body.ok) return body;
  const checked = v.safeParse(deadLetterSelectionSchema, body.value);
  if (!checked.success) return { ok: false, response: refusalOf(checked.issues, 'body') };
  const { ids, all: _all, ...filter } = checked.output;
  const shards = everyShard(env);
  if (!ids) return { ok: true, shards: shards.map((shard) => [shard, filter]) };
  const idsByShard = new Map<number, number[]>();
  for (const id of ids) {
    const [shard, row] = id.split('.').map(Number) as [number, number];
    if (shard >= shards.length) return { ok: false, response: errorResponse(400, `names shard ${shard}, and the relay has ${shards.length}`, 'ids') };
    const rows = idsByShard.get(shard) ?? [];
    rows.push(row);
    idsByShard.set(shard, rows);
  }
  return { ok: true, shards: [...idsByShard].map(([shard, rows]) => [shards[shard]!, { ...filter, ids: rows }]) };
}

/**
 * `POST /admin/dead-letters/replay` with a selection (see {@link deadLetterSelectionSchema}): queues the
 * dead letters again through the normal path (see `replayDeadLetters`), at most 1,000 per shard a call;
 * answers what was replayed, and `more` when a call again would take more.
 */
export async function handleReplay(request: Request, env: Env): Promise<Response> {
  const selection = await selectionOf(request, env);
  if (!selection.ok) return selection.response;
  const results = await Promise.all(selection.shards.map(([shard, filter]) => shard.replayDeadLetters(filter)));
  const sum = (pick: (result: ReplayResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  const fullShards = results.filter((result) => result.full).length;
  return jsonResponse(200, {
    replayed: sum((result) => result.replayed),
    alreadyAccepted: sum((result) => result.alreadyAccepted),
    notServed: sum((result) => result.notServed),
    more: results.some((result) => result.more),
    ...(fullShards ? { fullShards } : {}),
  });
}

/** `POST /admin/dead-letters/drop` with a selection: forgets those dead letters, at most 1,000 per shard a call. */
export async function handleDrop(request: Request, env: Env): Promise<Response> {
  const selection = await selectionOf(request, env);
  if (!selection.ok) return selection.response;
  const results: DropResult[] = await Promise.all(selection.shards.map(([shard, filter]) => shard.dropDeadLetters(filter)));
  return jsonResponse(200, { dropped: results.reduce((total, result) => total + result.dropped, 0), more: results.some((result) => result.more) });
}
