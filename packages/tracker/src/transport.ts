/**
 * Posts one batch while the page lives and reads the relay's answer: resolves
 * `true` when the batch need not be sent again (2xx, or a 4xx that a resend
 * could not fix), `false` when it should be kept and resent (offline, network
 * error, relay down, 408, 429, 5xx). The body is `text/plain`, a CORS-safelisted
 * type, so there is no preflight. `keepalive` lets it finish if the page goes.
 */
export async function postBatch(url: string, events: unknown[], keepalive?: boolean): Promise<boolean> {
  if (typeof navigator == 'object' && navigator.onLine === false) return false;
  try {
    const { status } = await fetch(url, { method: 'POST', body: JSON.stringify(events), keepalive });
    return status < 500 && status != 408 && status != 429;
  } catch {
    return false;
  }
}

/**
 * Hands one batch to the browser as the page goes away, when nothing would be
 * left to read an answer: `sendBeacon` with a `text/plain` body, or `fetch`
 * with `keepalive` when the beacon is refused or missing. Resolves `false` only
 * when the send surely failed (the fallback fetch rejected while the page lived).
 */
export function beaconBatch(url: string, events: unknown[]): Promise<boolean> {
  const body = JSON.stringify(events);
  return navigator.sendBeacon?.(url, body)
    ? Promise.resolve(true)
    : fetch(url, { method: 'POST', body, keepalive: true }).then(
        () => true,
        () => false,
      );
}
