import { vValidator } from '@hono/valibot-validator';
import * as v from 'valibot';
import type { ActivityEntry } from '../buffer/activity-entry.ts';
import type { PossibleDuplicate } from '../buffer/possible-duplicates.ts';
import { everyShard } from '../buffer/every-shard.ts';
import type { VisitorBuffer } from '../buffer/visitor-buffer.ts';
import { errorResponse, jsonResponse } from '../http/json-response.ts';

/** A whole number from `min` to `max`, as JSON gives it. */
export const wholeNumber = (min: number, max: number) =>
  v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));

/** A whole number from `min` to `max`, read from a query string. */
export const wholeNumberText = (min: number, max: number) => v.pipe(v.string(), v.transform(Number), wholeNumber(min, max));

/** The relay's 400 for a value valibot refused: its message, and the field it names (`fallback` when it names none). */
export const refusalOf = (issues: readonly [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]], fallback: string): Response =>
  errorResponse(400, issues[0].message, v.getDotPath(issues[0]) ?? fallback);

/** The query of an operator feed: `?limit=` 1–500 (default 100) entries, newer than `?since=` epoch ms (default 0). */
export const feedQuerySchema = v.object({
  limit: v.optional(wholeNumberText(1, 500), '100'),
  since: v.optional(wholeNumberText(0, Number.MAX_SAFE_INTEGER), '0'),
});

/** A feed's query, checked. */
export type FeedQuery = v.InferOutput<typeof feedQuerySchema>;

/** Checks an operator endpoint's query with `@hono/valibot-validator`; a bad one gets the relay's 400 naming the parameter. */
export const validQuery = <T extends v.GenericSchema>(schema: T) =>
  vValidator('query', schema, (result) => (result.success ? undefined : refusalOf(result.issues, 'query')));

/** Checks a feed's query. */
export const feedQuery = validQuery(feedQuerySchema);

/**
 * Answers an operator feed: reads the newest entries of every shard with
 * `read(shard, limit, since)`, merges them newest first and answers `{[name]: entries}`.
 */
async function newestOfShards<T extends { at: number }>(
  env: Env,
  { limit, since }: FeedQuery,
  name: string,
  read: (shard: DurableObjectStub<VisitorBuffer>, limit: number, since: number) => Promise<T[]>,
): Promise<Response> {
  const parts = await Promise.all(everyShard(env).map((shard) => read(shard, limit, since)));
  const entries = parts.flat().sort((a, b) => b.at - a.at).slice(0, limit);
  return jsonResponse(200, { [name]: entries }, { 'cache-control': 'no-store' });
}

/** `GET /admin/activity?limit=100&since=<epoch ms>`: the newest entries of every shard's recent-activity log, merged, newest first. */
export function handleActivity(env: Env, query: FeedQuery): Promise<Response> {
  return newestOfShards<ActivityEntry>(env, query, 'entries', (shard, limit, since) => shard.activity(limit, since));
}

/**
 * `GET /admin/possible-duplicates?limit=100&since=<epoch ms>`: the calls every
 * shard sent again with an unknown first outcome, newest first, with the
 * visitors and order transactions they carried.
 */
export function handlePossibleDuplicates(env: Env, query: FeedQuery): Promise<Response> {
  return newestOfShards<PossibleDuplicate>(env, query, 'calls', (shard, limit, since) => shard.possiblyDuplicated(limit, since));
}
