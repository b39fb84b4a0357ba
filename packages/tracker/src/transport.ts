/**
 * Sends one batch to the relay without holding up the page: `sendBeacon` with a
 * `text/plain` body (a CORS-safelisted type, so no preflight), falling back to
 * `fetch` with `keepalive` when the beacon is refused or missing.
 */
export function sendBatch(url: string, body: string): void {
  if (typeof navigator !== 'undefined' && navigator.sendBeacon?.(url, body)) return;
  fetch(url, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'text/plain' } }).catch(() => {});
}
