import { isRetailRocketMethod, toEnvelope, type VisitorEvent } from '@rrelay/protocol';
import { bufferSettings, relayConfig } from '../../config.ts';
import { redact } from '../../redact.ts';
import { retryAfterMs } from '../../retry-after.ts';
import type { DeliveryOutcome, Destination } from '../destination.ts';

/** How long one `visitorEvents` call may take before it counts as a timeout (batch calls can take over 1.5 s). */
export const retailRocketTimeoutMs = 10_000;

/** Turns Retail Rocket's answer to one call into what the buffer needs to know. */
export function retailRocketOutcome(status: number, detail: string, retryAfter?: number): DeliveryOutcome {
  if (status >= 200 && status <= 299) return { kind: 'delivered', status };
  const reason = detail || `answered ${status}`;
  if (status === 400 || status === 413) return { kind: 'rejected', status, reason };
  if (status === 401 || status === 403) return { kind: 'unauthorized', status, reason };
  return { kind: 'retry', status, reason, ...(retryAfter !== undefined ? { afterMs: retryAfter } : {}) };
}

/**
 * Sends one partner's events to Retail Rocket's tracking API as one
 * `visitorEvents` call, with the partner's secret apiKey added to the query (never logged:
 * reasons carry only the upstream's body). A network failure or a timeout is a
 * `retry`, never a thrown error.
 */
export async function sendVisitorEvents(env: Env, partnerId: string, events: readonly VisitorEvent[], timeoutMs = retailRocketTimeoutMs): Promise<DeliveryOutcome> {
  const config = relayConfig(env);
  const apiKey = config.partnerKeys.get(partnerId);
  // Ingest refuses a partner without a key; events stored before its key was removed wait for one, loudly.
  if (!apiKey) return { kind: 'unauthorized', status: 0, reason: `no apiKey for partner ${partnerId} on this relay (RR_PARTNER_KEYS or RR_API_KEY)` };
  const url = new URL('visitorEvents', config.trackingUrl);
  url.searchParams.set('apiKey', apiKey);
  url.searchParams.set('partnerId', partnerId);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(events.map(toEnvelope)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The upstream's body becomes a logged reason: make sure it cannot carry the key back out.
    const detail = redact((await response.text()).slice(0, 2000), [apiKey]).slice(0, 500);
    return retailRocketOutcome(response.status, detail, retryAfterMs(response.headers.get('retry-after')));
  } catch (error) {
    const name = (error as Error).name;
    return { kind: 'retry', status: 0, reason: name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : 'connection failed' };
  }
}

/**
 * Retail Rocket's tracking API: batches of up to `BATCH_SIZE`, at most
 * `UPSTREAM_RPS` calls per second per partner. Takes only Retail Rocket's own
 * methods: store events (cart, wishlist…) are for other destinations, and
 * Retail Rocket would refuse them.
 */
export const retailRocket: Destination = {
  name: 'retailrocket',
  enabled: (env) => relayConfig(env).partnerKeys.size > 0,
  servesPartner: (env, partnerId) => relayConfig(env).partnerKeys.has(partnerId),
  // Only Retail Rocket's own 12 methods: events meant for other destinations never reach it.
  accepts: (event) => isRetailRocketMethod(event.method),
  // `visitorEvents` has no idempotency key: an event sent twice is counted twice.
  refusesRepeats: false,
  ratePerSecond: (env) => bufferSettings(env).upstreamRps,
  maxBatch: (env) => bufferSettings(env).batchSize,
  send: (env, partnerId, events) => sendVisitorEvents(env, partnerId, events),
};
