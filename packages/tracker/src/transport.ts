import { inBrowser } from './in-browser.ts';
import { warnRefused } from './relay-reasons.ts';

/**
 * Sends one batch to the relay and resolves whether it need not be sent again.
 * The body is `text/plain`, a CORS-safelisted type, so there is no preflight.
 * - While the page lives (`exit` unset): `fetch` (with `keepalive` in a browser), reading the answer:
 *   `true` on 2xx or a 4xx that a resend could not fix, `false` when it should be kept and resent
 *   (offline, network error, relay down, 408, 429, 5xx); the events the relay refused are named in the
 *   console (see {@link warnRefused}).
 * - As the page goes away (`exit` set), when nothing would be left to read an answer: `sendBeacon`, or
 *   `fetch` with `keepalive` when the beacon is refused or missing; `false` only when that fetch rejected.
 */
export async function sendBatch(url: string, events: unknown[], exit?: boolean): Promise<boolean> {
  const body = JSON.stringify(events);
  try {
    // navigator.onLine can be stale either way, so a send always tries: offline, fetch fails at once.
    if (exit && navigator.sendBeacon?.(url, body)) return true;
    const response = await fetch(url, { method: 'POST', body, keepalive: inBrowser });
    if (exit) return true;
    warnRefused(await response.json().catch(() => undefined));
    return response.status < 500 && response.status != 408 && response.status != 429;
  } catch {
    return false;
  }
}
