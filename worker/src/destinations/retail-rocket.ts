import { toEnvelope, type VisitorEvent } from '@rrelay/protocol';
import type { RelayConfig } from '../config.ts';

/** What the upstream answered to one call. */
export interface UpstreamResult {
  status: number;
  /** The upstream's body, trimmed, for logs and dead letters. */
  detail: string;
  /** Seconds to wait, from a 429's `Retry-After`. */
  retryAfter?: number;
}

/**
 * Sends events to Retail Rocket's tracking API as one `visitorEvents` call,
 * with the secret apiKey added to the query. Network failures come back as
 * status 0, never as a thrown error.
 */
export async function sendVisitorEvents(
  config: RelayConfig,
  partnerId: string,
  events: readonly VisitorEvent[],
  timeoutMs = 10_000,
): Promise<UpstreamResult> {
  const url = new URL('visitorEvents', config.trackingUrl);
  url.searchParams.set('apiKey', config.apiKey);
  url.searchParams.set('partnerId', partnerId);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(events.map(toEnvelope)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const detail = (await response.text()).slice(0, 500);
    const retryAfter = Number(response.headers.get('retry-after'));
    return { status: response.status, detail, ...(retryAfter > 0 ? { retryAfter } : {}) };
  } catch (error) {
    return { status: 0, detail: (error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed' };
  }
}
