import { clip, isTrackingMethod, limits, type EventRejection, type VisitorEvent } from '@rrelay/protocol';
import { shardFor, shardName } from '../buffer/shard-for.ts';
import type { AcceptRequest } from '../buffer/store-accepted.ts';
import { isBotRequest } from './bot-filter.ts';
import { clientLimitRetryAfter, limitIp, limitIpEvents, limitVisitors, type ClientLimitRefusal } from './client-limit.ts';
import { bufferSettings, type RelayConfig } from '../config.ts';
import { errorResponse, jsonResponse } from '../http/json-response.ts';
import { logEvent } from '../log.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import { validateIngest } from './validate-ingest.ts';

/**
 * `POST /1.0/{method}?partnerId=…` and `POST /1.0/visitorEvents?partnerId=…`:
 * the drop-in for Retail Rocket's tracking API, minus the key, and the
 * tracker's endpoint. Validates with the shared schemas, keeps every valid
 * event, hands them to their visitors' buffer shards, and answers 200 only
 * once every shard has written them; the body says what was accepted and, per
 * rejected event, where and why. Forwarding happens later, from the buffer.
 * `method` is the decoded `{method}` part of the path.
 */
export async function handleIngest(request: Request, env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>, method: string, config: RelayConfig): Promise<Response> {
  const settings = bufferSettings(env);
  if (method !== 'visitorEvents' && !isTrackingMethod(method)) {
    return errorResponse(404, `${clip(method, limits.maxEchoedNameLength)} is not a tracking method`, 'method');
  }
  if (request.method !== 'POST') {
    return errorResponse(405, `${request.method} is not allowed; use POST`, undefined, { allow: 'POST, OPTIONS' });
  }
  const partnerId = new URL(request.url).searchParams.get('partnerId');
  if (!partnerId) return errorResponse(400, 'partnerId query parameter is required', 'partnerId');
  if (!config.partnerIds.has(partnerId)) return errorResponse(403, 'this relay does not serve that partnerId', 'partnerId');
  if (!config.partnerKeys.has(partnerId)) return errorResponse(403, `partner ${clip(partnerId, limits.maxEchoedNameLength)} has no apiKey on this relay (RR_PARTNER_KEYS or RR_API_KEY)`, 'partnerId');

  const ip = request.headers.get('cf-connecting-ip');
  const tooMany = (limited: ClientLimitRefusal) =>
    errorResponse(429, limited.reason, limited.field, { 'retry-after': String(clientLimitRetryAfter) });
  const limited = await limitIp(env.IP_LIMITER, ip, settings.clientLimit);
  if (limited) return tooMany(limited);

  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const validation = validateIngest(method, body.value);
  if (validation.requestError) return errorResponse(validation.requestError.status, validation.requestError.reason, 'body');
  const overEvents = await limitIpEvents(env.IP_EVENT_LIMITER, ip, validation.accepted.length, settings.clientLimit);
  if (overEvents) return tooMany(overEvents);
  if (config.botFilter && validation.accepted.length > 0 && isBotRequest(request)) {
    // Answered 2xx, so no bot retries; counted for the health report; never queued.
    const botFiltered = { events: validation.accepted.length, userAgent: request.headers.get('user-agent') ?? '' };
    ctx.waitUntil(recordUnqueued(env, { partnerId, events: [], rejections: validation.rejected, botFiltered }));
    return jsonResponse(200, { accepted: 0, rejected: validation.rejected, botFiltered: botFiltered.events });
  }

  const visitors = new Set(validation.accepted.map((event) => event.body.sessionExternalId));
  const overLimit = await limitVisitors(env.VISITOR_LIMITER, visitors, settings.clientLimit);
  const accepted: VisitorEvent[] = [];
  const rejected: EventRejection[] = [...validation.rejected];
  validation.accepted.forEach((event, position) => {
    if (!overLimit.has(event.body.sessionExternalId)) accepted.push(event);
    else {
      rejected.push({
        index: validation.indexes[position]!,
        path: `${event.method}.sessionExternalId`,
        reason: `too many events from this visitor; try again in ${clientLimitRetryAfter} s`,
      });
    }
  });
  rejected.sort((a, b) => a.index - b.index);

  if (accepted.length === 0) {
    if (rejected.length > 0) ctx.waitUntil(recordUnqueued(env, { partnerId, events: [], rejections: rejected }));
    if (overLimit.size > 0 && validation.rejected.length === 0) {
      return jsonResponse(429, { accepted: 0, rejected }, { 'retry-after': String(clientLimitRetryAfter) });
    }
    return jsonResponse(400, { accepted: 0, rejected });
  }

  const byShard = new Map<number, VisitorEvent[]>();
  for (const event of accepted) {
    const shard = shardFor(partnerId, event.body.sessionExternalId, settings.shards);
    byShard.set(shard, [...(byShard.get(shard) ?? []), event]);
  }
  let full = false;
  try {
    const results = await Promise.all(
      [...byShard].map(async ([shard, events], position) => {
        const [result] = await env.BUFFER.getByName(shardName(shard)).accept([{ partnerId, events, rejections: position === 0 ? rejected : [] }]);
        return result!;
      }),
    );
    full = results.some((result) => result.full);
  } catch (error) {
    logEvent('error', 'buffer_write_failed', { partnerId, events: accepted.length, message: String(error).slice(0, 300) });
    return errorResponse(503, 'the events could not be stored; send them again (event ids prevent duplicates)', undefined, { 'retry-after': '1' });
  }
  if (full) {
    return errorResponse(503, 'the relay holds as many events as it may (MAX_PENDING_PER_SHARD); send them again later (event ids prevent duplicates)', undefined, { 'retry-after': String(clientLimitRetryAfter) });
  }
  return jsonResponse(200, { accepted: accepted.length, rejected });
}

/** Counts what a request brought but nothing queues (its rejected events, a bot's events) in the health report and the activity log. */
async function recordUnqueued(env: Env, request: AcceptRequest): Promise<void> {
  try {
    await env.BUFFER.getByName(shardName(0)).accept([request]);
  } catch (error) {
    logEvent('warn', 'unqueued_not_recorded', { partnerId: request.partnerId, rejected: request.rejections?.length ?? 0, botFiltered: request.botFiltered?.events ?? 0, message: String(error).slice(0, 300) });
  }
}
