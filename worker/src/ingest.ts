import { isRetailRocketMethod, isTrackingMethod } from '@rrelay/protocol';
import type { RelayConfig } from './config.ts';
import { sendVisitorEvents } from './destinations/retail-rocket.ts';
import { errorResponse, jsonResponse } from './json-response.ts';
import { readJsonBody } from './read-json-body.ts';
import { validateIngest } from './validate-ingest.ts';

/**
 * `POST /1.0/{method}?partnerId=…`: the drop-in for Retail Rocket's tracking API,
 * minus the key. Validates with the shared schemas, keeps every valid event,
 * and answers with what was accepted and, per rejected event, where and why.
 */
export async function handleIngest(request: Request, method: string, config: RelayConfig, headers: HeadersInit): Promise<Response> {
  if (method !== 'visitorEvents' && !isTrackingMethod(method)) {
    return errorResponse(404, `${method.slice(0, 60)} is not a tracking method`, 'method', headers);
  }
  if (request.method !== 'POST') {
    return errorResponse(405, `${request.method} is not allowed; use POST`, undefined, { ...headers, allow: 'POST, OPTIONS' });
  }
  const partnerId = new URL(request.url).searchParams.get('partnerId');
  if (!partnerId) return errorResponse(400, 'partnerId query parameter is required', 'partnerId', headers);
  if (!config.partnerIds.has(partnerId)) return errorResponse(403, 'this relay does not serve that partnerId', 'partnerId', headers);

  const body = await readJsonBody(request);
  if (!body.ok) {
    for (const [name, value] of new Headers(headers)) body.response.headers.set(name, value);
    return body.response;
  }
  const { accepted, rejected, requestError } = validateIngest(method, body.value);
  if (requestError) return errorResponse(requestError.status, requestError.reason, undefined, headers);
  if (accepted.length === 0) return jsonResponse(400, { accepted: 0, rejected }, headers);

  // Store-only events (cart, wishlist…) are for other destinations; Retail Rocket would refuse them.
  const forRetailRocket = accepted.filter((event) => isRetailRocketMethod(event.method));
  const upstream = forRetailRocket.length ? await sendVisitorEvents(config, partnerId, forRetailRocket) : { status: 200, detail: '' };
  if (upstream.status < 200 || upstream.status > 299) {
    console.error(JSON.stringify({ event: 'upstream_failed', status: upstream.status, detail: upstream.detail, events: accepted.length }));
    return errorResponse(502, `Retail Rocket answered ${upstream.status || 'nothing'}`, undefined, headers);
  }
  return jsonResponse(200, { accepted: accepted.length, rejected }, headers);
}
