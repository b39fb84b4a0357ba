import { shardFor, shardName } from '../buffer/shard-for.ts';
import { bufferSettings } from '../config.ts';
import type { CacheOutcome } from './cache-outcome.ts';

/** One Sponsored Products answer, as the event inspector shows it. */
export interface SponsoredActivity {
  partnerId: string;
  /** `kind/placementId`. */
  placement: string;
  /** The visitor's session, which picks the activity log's shard. */
  session: string;
  outcome: CacheOutcome;
  status: 200 | 204;
  /** Time from the request to the answer, in milliseconds. */
  ms: number;
}

/**
 * Adds a `sponsored` line to the recent-activity log (`GET /admin/activity`) when
 * `SP_ACTIVITY` is `on`. Off by default: it costs one Durable Object write per
 * impressions request, cache hits included, which a busy store does not want
 * unless someone is watching the inspector. Never delays the answer.
 */
export function recordSponsoredActivity(env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>, activity: SponsoredActivity): void {
  if (env.SP_ACTIVITY !== 'on') return;
  const { shards } = bufferSettings(env);
  const { session, ...entry } = activity;
  const shard = env.BUFFER.getByName(shardName(shardFor(activity.partnerId, session, shards)));
  ctx.waitUntil(shard.note({ kind: 'sponsored', at: Date.now(), ...entry }).catch(() => {}));
}
