import { randomBytes } from 'node:crypto';
import type { Ledger } from './ledger.ts';

/** How one plain HTTP visitor behaves. */
export interface HttpVisitorOptions {
  relayUrl: string;
  partnerId: string;
  /** Letters and digits: the visitor's `sessionExternalId`. */
  visitor: string;
  /** Epoch ms after which the visitor tracks nothing new (it still finishes the send in hand). */
  stopTrackingAt: number;
  /** Epoch ms after which even the send in hand is given up (left unacknowledged). */
  giveUpAt: number;
  ledger: Ledger;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const eventId = () => randomBytes(12).toString('base64url');
// The tracker's format: ISO 8601 to the second with an offset.
const timestamp = () => `${new Date().toISOString().slice(0, 19)}+00:00`;

/**
 * A server-side or app client posting tracker-format batches (`view` events
 * with an `eventId`) one request at a time, like the tracker: it resends a
 * batch until the relay answers 2xx (relay down, 5xx, 408, 429 with
 * `Retry-After`), with backoff; now and then it sends an acknowledged batch
 * again, or twice at once, to test the relay's dedupe by `eventId`.
 */
export async function runHttpVisitor(options: HttpVisitorOptions): Promise<void> {
  const { ledger, visitor } = options;
  const url = `${options.relayUrl}/1.0/visitorEvents?partnerId=${options.partnerId}`;
  let sequence = 0;
  while (Date.now() < options.stopTrackingAt) {
    const size = 1 + Math.floor(Math.random() * 5);
    const batch = Array.from({ length: size }, () => {
      sequence++;
      ledger.track('http', visitor, sequence);
      return { view: { productId: sequence, sessionExternalId: visitor, timestamp: timestamp() }, eventId: eventId() };
    });
    const body = JSON.stringify(batch);
    const roll = Math.random();
    if (roll < 0.05) {
      // The same batch twice at once: a retry racing the original.
      ledger.duplicateSends++;
      await Promise.all([sendUntilAcknowledged(url, body, options), sendUntilAcknowledged(url, body, options)]);
    } else {
      const acknowledged = await sendUntilAcknowledged(url, body, options);
      // The answer was lost on the way back: the client sends it again.
      if (acknowledged && roll < 0.15) {
        ledger.duplicateSends++;
        await sendUntilAcknowledged(url, body, options);
      }
    }
    await sleep(150 + Math.random() * 700);
  }
}

/** Posts one body until a 2xx; resolves whether it got one before `giveUpAt`. */
async function sendUntilAcknowledged(url: string, body: string, options: HttpVisitorOptions): Promise<boolean> {
  let backoff = 250;
  for (let attempt = 0; Date.now() < options.giveUpAt; attempt++) {
    if (attempt > 0) options.ledger.retriedSends++;
    let wait = backoff;
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body, signal: AbortSignal.timeout(15_000) });
      const text = await response.text();
      if (response.ok) {
        options.ledger.acknowledge(JSON.parse(body));
        return true;
      }
      if (response.status < 500 && response.status != 408 && response.status != 429) {
        options.ledger.refusals.push(`${response.status} ${text.slice(0, 200)}`);
        return false;
      }
      const retryAfter = Number(response.headers.get('retry-after'));
      if (retryAfter > 0) wait = Math.max(wait, retryAfter * 1000);
    } catch {
      // relay down or connection dropped: send again
    }
    await sleep(wait * (0.5 + Math.random()));
    backoff = Math.min(backoff * 2, 4000);
  }
  return false;
}
