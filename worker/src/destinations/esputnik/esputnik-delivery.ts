import type { EsputnikEvent } from '@rrelay/protocol';
import { redact } from '../../redact.ts';
import { retryAfterMs } from '../../retry-after.ts';
import type { DeliveryOutcome } from '../destination.ts';

/** How to reach one eSputnik site, read from the relay's configuration. */
export interface EsputnikSettings {
  /** The site id eSputnik's support gives (`GeneralInfo.siteId`). */
  siteId: string;
  /** The tracker's URL; events are POSTed to it as is. */
  url: string;
  /** Sent as HTTP Basic auth when set, as the vendor's own store plugins do; the documents need none. */
  apiKey?: string;
  /** Upstream calls per second across the relay. */
  ratePerSecond: number;
  /** How long one call may take before it counts as failed (and is retried). */
  timeoutMs: number;
}

/**
 * The `Authorization` header for an eSputnik API key: HTTP Basic with the key
 * as the password (eSputnik's APIs take any user name; rrelay sends `rrelay`).
 */
export function basicAuthorization(apiKey: string): string {
  return `Basic ${btoa(`rrelay:${apiKey}`)}`;
}

/**
 * What one answer of eSputnik's tracker means for the buffer:
 * 2xx delivered; a refusal naming the event a duplicate is also delivered (the
 * event already arrived); 401/403 unauthorized (the API key); 408, 429, 5xx and
 * no answer at all (status 0) retry, after `Retry-After` when given; a 404 or
 * 405 also retries, since it means the configured URL is wrong, not the event,
 * and the events must wait until it is fixed; any other 4xx is rejected.
 */
export function classifyEsputnikAnswer(status: number, detail: string, retryAfter?: number): DeliveryOutcome {
  if (status >= 200 && status <= 299) return { kind: 'delivered', status };
  const reason = detail ? `eSputnik answered ${status || 'nothing'}: ${detail}` : `eSputnik answered ${status || 'nothing'}`;
  if ((status === 400 || status === 409) && /duplicat/i.test(detail)) return { kind: 'delivered', status };
  if (status === 401 || status === 403) return { kind: 'unauthorized', status, reason };
  if (status === 0 || status === 408 || status === 429 || status >= 500 || status === 404 || status === 405) {
    return { kind: 'retry', status, reason, ...(retryAfter === undefined ? {} : { afterMs: retryAfter }) };
  }
  return { kind: 'rejected', status, reason };
}

/**
 * POSTs one event to eSputnik's tracker and classifies the answer. A dropped
 * connection or a timeout comes back as status 0 (retry), never as a thrown error.
 */
export async function postEsputnikEvent(settings: EsputnikSettings, event: EsputnikEvent): Promise<DeliveryOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (settings.apiKey) headers.authorization = basicAuthorization(settings.apiKey);
  try {
    const response = await fetch(settings.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    // The answer becomes a stored reason: make sure it cannot carry the key back out.
    const detail = redact((await response.text()).trim().slice(0, 2000), settings.apiKey ? [settings.apiKey] : []).slice(0, 500);
    return classifyEsputnikAnswer(response.status, detail, retryAfterMs(response.headers.get('retry-after')));
  } catch (error) {
    return classifyEsputnikAnswer(0, (error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed');
  }
}
