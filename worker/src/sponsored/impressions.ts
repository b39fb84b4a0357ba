import { checkImpressionRequest, clip, limits, parseImpression } from '@rrelay/protocol';
import { limitIp } from '../ingest/client-limit.ts';
import { bufferSettings, type RelayConfig } from '../config.ts';
import { errorResponse } from '../http/json-response.ts';
import { logEvent } from '../log.ts';
import { freshness, matchCachedAnswer, putCachedAnswer, type ImpressionAnswer } from './cache-entry.ts';
import { impressionCacheKey, isSharedPlacement, upstreamQuery, type ImpressionRequest } from './cache-key.ts';
import { recordSponsoredActivity } from './activity.ts';
import { sponsoredConfig, type SponsoredConfig } from './config.ts';
import { IsolateAnswerCache } from './isolate-cache.ts';
import type { CacheOutcome } from './cache-outcome.ts';
import type { UpstreamOutcome } from './flight.ts';
import { RetryAfterGate } from './retry-after-gate.ts';
import { SingleFlight } from './single-flight.ts';

/** The period of `SP_IP_LIMITER`, told to a refused address. */
const spIpRetryAfterSeconds = 10;

// Per isolate: misses of the same key share one call to the key's Durable Object,
// and a 429's Retry-After stops this isolate from asking at all until it passes.
const isolateFlights = new SingleFlight<ImpressionAnswer | null>();
// Fresh answers this isolate has seen, served before the Cache API is asked.
const isolateAnswers = new IsolateAnswerCache();
const retryAfter = new RetryAfterGate();

function cacheAnswerResponse(answer: ImpressionAnswer, outcome: CacheOutcome): Response {
  const headers = new Headers();
  // The relay caches; a browser or a shared proxy must not (the answer may be personal).
  headers.set('cache-control', 'private, no-store');
  headers.set('x-rrelay-cache', outcome);
  if (answer.status === 204) return new Response(null, { status: 204, headers });
  headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(answer.impression), { status: 200, headers });
}

/** Turns an upstream outcome into an answer worth caching, or `null` (logged) when there is none. */
function toAnswer(outcome: UpstreamOutcome, request: ImpressionRequest): ImpressionAnswer | null {
  if (outcome.status === 204) return { status: 204 };
  if (outcome.status === 200) {
    const impression = parseImpression(outcome.body ?? '');
    if (impression) return { status: 200, impression };
  }
  logEvent('error', 'sponsored_upstream_failed', {
    status: outcome.status,
    detail: outcome.detail ?? 'impression does not match the contract',
    kind: request.kind,
    placementId: request.placementId,
  });
  return null;
}

/** Waits for `pending` at most `ms`; `undefined` when the time ran out. */
function withinBudget<T>(pending: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([pending, timeout]).finally(() => {
    if (timer !== undefined) clearTimeout(timer);
  });
}

/** The decoded segments of `/v1/partners/{partnerId}/{kind}/{placementId}/impressions`. */
export interface ImpressionsPath {
  partnerId: string;
  kind: string;
  placementId: string;
}

/**
 * `GET /v1/partners/{partnerId}/{kind}/{placementId}/impressions`: the drop-in
 * for Retail Rocket's Sponsored Products API, minus the key, served from the
 * edge cache. Fresh answers come from the cache; stale ones are served while one
 * refresh runs; misses share one upstream call (per isolate, then per key in a
 * Durable Object) within the partner's rate limit, and a request never waits
 * longer than the budget: then, or when the upstream fails or says 429, an
 * older impression or a 204 (nothing to show) is served.
 */
export async function handleImpressions(request: Request, env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>, config: RelayConfig, path: ImpressionsPath): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return errorResponse(405, `${request.method} is not allowed; use GET`, undefined, { allow: 'GET, HEAD, OPTIONS' });
  }
  const url = new URL(request.url);
  const { partnerId, kind, placementId } = path;
  if (!config.partnerIds.has(partnerId)) return errorResponse(403, 'this relay does not serve that partnerId', 'partnerId');
  if (!config.partnerKeys.has(partnerId)) return errorResponse(403, `partner ${clip(partnerId, limits.maxEchoedNameLength)} has no apiKey on this relay (RR_PARTNER_KEYS or RR_API_KEY)`, 'partnerId');
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in query) return errorResponse(400, 'must be given once', clip(name, limits.maxEchoedNameLength));
    query[name] = value;
  }
  if ('apiKey' in query) return errorResponse(400, 'must not be sent: the relay adds it', 'apiKey');
  const check = checkImpressionRequest(kind, placementId, query);
  if (!check.ok) return errorResponse(400, check.rejection.reason, check.rejection.param);

  const sp = sponsoredConfig(env);
  const impression: ImpressionRequest = { partnerId, kind: check.kind, placementId: check.placementId, query: check.query };
  const started = Date.now();
  const session = check.query.sessionExternalId ?? check.query.session ?? '';
  const answerResponse = (answer: ImpressionAnswer, outcome: CacheOutcome) => {
    const placement = `${check.kind}/${check.placementId}`;
    recordSponsoredActivity(env, ctx, { partnerId, placement, session, outcome, status: answer.status, ms: Date.now() - started });
    return cacheAnswerResponse(answer, outcome);
  };
  const key = impressionCacheKey(url.origin, impression, sp);
  const remembered = isolateAnswers.fresh(key, Date.now(), sp);
  if (remembered) return answerResponse(remembered.answer, 'hit');
  const cache = caches.default;
  const cached = await matchCachedAnswer(cache, key);
  const state = cached ? freshness(cached, Date.now(), sp) : 'expired';
  if (cached && state === 'fresh') {
    isolateAnswers.remember(key, cached);
    return answerResponse(cached.answer, 'hit');
  }

  const limited = retryAfter.isBlocked(partnerId, Date.now());
  const pathAndQuery = `partners/${url.pathname.split('/').slice(3).join('/')}${upstreamQuery(url.searchParams, isSharedPlacement(impression, sp))}`;
  const refresh = () => isolateFlights.run(key, () => refreshAnswer(env, cache, key, impression, pathAndQuery, sp));
  if (cached && state === 'stale') {
    if (!limited) ctx.waitUntil(refresh());
    return answerResponse(cached.answer, 'stale');
  }
  const fallback = () =>
    cached && state === 'fallback' ? answerResponse(cached.answer, 'stale-if-error') : answerResponse({ status: 204 }, 'fallback');
  if (limited) return fallback();
  // A miss costs an upstream call from the partner's budget: each address may ask only so many.
  const overIp = await limitIp(env.SP_IP_LIMITER, request.headers.get('cf-connecting-ip'), bufferSettings(env).clientLimit, spIpRetryAfterSeconds);
  if (overIp) return errorResponse(429, overIp.reason, overIp.field, { 'retry-after': String(spIpRetryAfterSeconds) });

  const pending = refresh();
  // Past the budget the call goes on, so its answer still fills the cache for the next visitor.
  ctx.waitUntil(pending);
  const answer = await withinBudget(pending, sp.budgetMs);
  return answer ? answerResponse(answer, 'miss') : fallback();
}

/** One upstream call for `key` through its Durable Object; stores a good answer, records a 429. */
async function refreshAnswer(env: Env, cache: Cache, key: string, request: ImpressionRequest, pathAndQuery: string, sp: SponsoredConfig): Promise<ImpressionAnswer | null> {
  let outcome: UpstreamOutcome;
  try {
    const flight = env.SP_FLIGHT.get(env.SP_FLIGHT.idFromName(key));
    outcome = await flight.fetchImpression(request.partnerId, pathAndQuery);
  } catch (error) {
    outcome = { status: 0, detail: `durable object: ${(error as Error).message}` };
  }
  // Only the upstream's own Retry-After stops this isolate asking; a second whose calls were taken (by a flood
  // of made-up sessions, say) must not turn away every other visitor of the isolate.
  if (outcome.status === 429 && outcome.partnerPaused) retryAfter.block(request.partnerId, outcome.retryAfterMs ?? 1000, Date.now());
  const answer = toAnswer(outcome, request);
  if (answer) {
    const entry = { answer, storedAt: Date.now() };
    isolateAnswers.remember(key, entry);
    // Awaited, so the isolate's flight stays open until the cache holds the answer (no second call in between).
    // A failed write is only logged: the visitor still gets the answer; the next one will ask again.
    await putCachedAnswer(cache, key, entry, sp).catch((error: Error) => {
      logEvent('error', 'sponsored_cache_put_failed', { detail: error.message });
    });
  }
  return answer;
}
