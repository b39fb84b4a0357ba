import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkEsputnikEvent, type EsputnikEvent, type EsputnikEventName } from '@rrelay/protocol';
import { holdOpen, readBody, sendJson, sleep } from './http-io.ts';

/** Where the local upstream serves eSputnik's tracker (the real one: `https://tracker.esputnik.com/api/v2`). */
export const esputnikPath = '/esputnik/api/v2';

/** Control paths: `GET …/accepted`, `GET …/refused`, `POST …/reset`, `GET|POST …/config`. */
export const esputnikControlPrefix = '/__upstream/esputnik/';

/** One event the stand-in accepted. */
export interface EsputnikAcceptedEvent {
  eventName: EsputnikEventName;
  event: EsputnikEvent;
  /** Whether the call carried the configured API key as Basic auth. */
  authorized: boolean;
  at: number;
}

/** One call the stand-in refused, and why. */
export interface EsputnikRefusedCall {
  status: number;
  error: string;
  eventName?: string;
  at: number;
}

/** How the stand-in misbehaves; tests change it with `POST /__upstream/esputnik/config`. */
export interface EsputnikBehaviour {
  /** Added to every answer, in milliseconds. */
  latencyMs: number;
  /** Answer this status to every event (e.g. 503) instead of handling it; 0 = off. */
  failStatus: number;
  /** With a failStatus of 429 or 503: the `Retry-After` seconds to send. */
  retryAfterSeconds: number;
  /** How long the same event (or the same order number) counts as a duplicate. */
  duplicateWindowMs: number;
  /** Take the next N events (recorded as accepted) but hold their answers until the caller goes away; 0 = off. */
  holdAnswerNext: number;
}

/** What the stand-in is started with. */
export interface EsputnikEndpointOptions {
  /** Site ids it knows; any other gets 403. Leave out to take any site. */
  siteIds?: string[];
  /** When set, every call must carry it as the password of HTTP Basic auth (401 otherwise). */
  apiKey?: string;
  behaviour?: Partial<EsputnikBehaviour>;
}

/** A strict stand-in for eSputnik's REST tracker, mounted by the local upstream. */
export interface EsputnikEndpoint {
  accepted: EsputnikAcceptedEvent[];
  refused: EsputnikRefusedCall[];
  behaviour: EsputnikBehaviour;
  /** Handles `POST /esputnik/api/v2`. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Handles the control paths under `/__upstream/esputnik/`. */
  control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  /** Forgets accepted and refused calls and the duplicate window. */
  reset(): void;
}

const answer = sendJson;

/** The password of a Basic `Authorization` header, or undefined. */
function basicPassword(header: string | undefined): string | undefined {
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)$/i);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** Keys that make a second event a duplicate of one already taken: its whole content, and an order's number. */
function duplicateKeys(eventName: EsputnikEventName, event: EsputnikEvent): string[] {
  const keys = [`${eventName}:${JSON.stringify(event)}`];
  if (eventName === 'PurchasedItems') {
    const { GeneralInfo, PurchasedItems } = event as EsputnikEvent<'PurchasedItems'>;
    keys.push(`order:${GeneralInfo.siteId}:${PurchasedItems.OrderNumber}`);
  }
  return keys;
}

/**
 * Creates a strict stand-in for eSputnik's (Reteno's) REST tracker: 405 for
 * anything but POST, 401 without the configured API key as Basic auth, 403 for
 * an unknown site, 400 with the field at fault for a body that breaks the
 * vendor's document (see `checkEsputnikEvent`), 400 `Duplicated event` for an
 * event already taken within the window (same content, or the same order
 * number), 204 for an accepted event, which it records.
 */
export function createEsputnikEndpoint(options: EsputnikEndpointOptions = {}): EsputnikEndpoint {
  const behaviour: EsputnikBehaviour = { latencyMs: 0, failStatus: 0, retryAfterSeconds: 1, duplicateWindowMs: 10 * 60_000, holdAnswerNext: 0, ...options.behaviour };
  const accepted: EsputnikAcceptedEvent[] = [];
  const refused: EsputnikRefusedCall[] = [];
  const seen = new Map<string, number>();
  const sites = options.siteIds ? new Set(options.siteIds) : undefined;

  const refuse = (res: ServerResponse, status: number, error: string, eventName?: string, headers: Record<string, string> = {}) => {
    refused.push({ status, error, ...(eventName ? { eventName } : {}), at: Date.now() });
    answer(res, status, { error }, headers);
  };

  const reset = () => {
    accepted.length = 0;
    refused.length = 0;
    seen.clear();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (behaviour.latencyMs > 0) await sleep(behaviour.latencyMs);
    if (req.method !== 'POST') return refuse(res, 405, 'use POST');
    const password = basicPassword(req.headers.authorization);
    if (options.apiKey !== undefined && password !== options.apiKey) return refuse(res, 401, 'wrong or missing API key (HTTP Basic)');
    if (behaviour.failStatus) {
      const retry: Record<string, string> = [429, 503].includes(behaviour.failStatus) ? { 'retry-after': String(behaviour.retryAfterSeconds) } : {};
      return refuse(res, behaviour.failStatus, 'configured failure', undefined, retry);
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return refuse(res, 400, 'Content-type must be application/json');
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return refuse(res, 400, 'body is not JSON');
    }
    const check = checkEsputnikEvent(body);
    if (!check.ok) return refuse(res, 400, check.path ? `${check.path} ${check.reason}` : check.reason);
    const { eventName, event } = check;
    if (sites && !sites.has(event.GeneralInfo.siteId)) return refuse(res, 403, 'unknown siteId', eventName);
    const now = Date.now();
    const keys = duplicateKeys(eventName, event);
    if (keys.some((key) => now - (seen.get(key) ?? -Infinity) < behaviour.duplicateWindowMs)) {
      return refuse(res, 400, 'Duplicated event', eventName);
    }
    for (const key of keys) seen.set(key, now);
    accepted.push({ eventName, event, authorized: options.apiKey !== undefined, at: now });
    if (behaviour.holdAnswerNext > 0) {
      behaviour.holdAnswerNext--;
      return holdOpen(req, () => {});
    }
    return answer(res, 204);
  };

  const control = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const name = path.slice(esputnikControlPrefix.length);
    if (name === 'accepted') return answer(res, 200, accepted);
    if (name === 'refused') return answer(res, 200, refused);
    if (name === 'reset' && req.method === 'POST') {
      reset();
      return answer(res, 204);
    }
    if (name === 'config' && req.method === 'POST') Object.assign(behaviour, JSON.parse((await readBody(req)) || '{}'));
    if (name === 'config') return answer(res, 200, behaviour);
    return answer(res, 404, { error: 'unknown control path' });
  };

  return { accepted, refused, behaviour, handle, control, reset };
}
