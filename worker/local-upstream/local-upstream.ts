import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  checkImpressionRequest,
  checkTrackingEvent,
  checkVisitorEvent,
  isRetailRocketMethod,
  isTrackingMethod,
  type EventRejection,
  type VisitorEvent,
} from '@rrelay/protocol';
import { createEsputnikEndpoint, esputnikControlPrefix, esputnikPath, type EsputnikEndpoint, type EsputnikEndpointOptions } from './esputnik-endpoint.ts';
import { sponsoredAnswer } from './sponsored-answer.ts';
import { holdOpen, readBody, sendJson, sleep } from './http-io.ts';

/** One call the local upstream accepted. */
export interface AcceptedCall {
  /** `visitorEvents`, one of the 12 method names, or `impressions`. */
  method: string;
  partnerId: string;
  /** The events it carried, in order (one for a single-method call). */
  events: VisitorEvent[];
  /** The query of an impressions call. */
  query?: Record<string, string>;
  status: number;
  /** When the call arrived and when it was answered (epoch ms): two calls overlap if these intervals do. */
  receivedAt: number;
  at: number;
}

/** How the stand-in misbehaves; tests change it at run time with `POST /__upstream/config`. */
export interface UpstreamBehaviour {
  /** Added to every answer, in milliseconds (Retail Rocket: about 100). */
  latencyMs: number;
  /** Answer this status to every tracking call (e.g. 503) instead of handling it; 0 = off. */
  failStatus: number;
  /** With failStatus 429: the `Retry-After` seconds to send. */
  retryAfterSeconds: number;
  /** Requests per second per partner before 429 (Retail Rocket's default: 50). */
  rateLimit: number;
  /** Latency of Sponsored Products calls only, in milliseconds; `null` = `latencyMs`. */
  spLatencyMs: number | null;
  /** Answer this status to every Sponsored Products call (e.g. 503, or 429 with `spRetryAfterSeconds`); 0 = off. */
  spFailStatus: number;
  /** With spFailStatus 429: the `Retry-After` seconds to send. */
  spRetryAfterSeconds: number;
  /** The share of Sponsored Products requests answered 204, nothing to show (0.25; 0 for tests that need content). */
  spEmptyShare: number;
  /** Answer the next N tracking calls with `failNextStatus` (a burst of failures), counting down; 0 = off. */
  failNext: number;
  /** The status of those failures (503 by default; 429 sends `Retry-After: retryAfterSeconds`). */
  failNextStatus: number;
  /** Drop the connection of the next N tracking calls without answering (a dropped connection); 0 = off. */
  dropNext: number;
  /** Answer 400 to any tracking call holding an event with one of these productIds, naming the event. */
  rejectProductIds: number[];
  /** Answer 401 to every call as if the apiKey were wrong (a rotated key), until set back to false. */
  refuseKey: boolean;
  /**
   * Hold the next N tracking calls open without handling them, until the caller gives up (a timeout where
   * the upstream never got to the events); the socket is closed after 60 s at the latest; 0 = off.
   */
  hangNext: number;
  /**
   * Take the next N tracking calls (recorded as accepted) but hold their answers until the caller goes away
   * (an answer lost on its way back, as when the relay stops mid-call); the socket is closed after 60 s at the latest; 0 = off.
   */
  holdAnswerNext: number;
  /**
   * The body of a configured failure (`failNext`, `failStatus`, `spFailStatus`) quotes the request's URL, key
   * included, as some servers' error pages do: to prove the relay never stores or logs what comes back.
   */
  echoUrlOnFailure: boolean;
}

/** Every tracking call the local upstream answered, whatever the status: for the benchmarks' counts. */
export interface UpstreamCall {
  method: string;
  status: number;
  events: number;
  /** When the call arrived and when it was answered, epoch ms. */
  receivedAt: number;
  at: number;
}

/** What the local upstream is started with. */
export interface LocalUpstreamOptions {
  port?: number;
  host?: string;
  apiKey: string;
  partnerIds: string[];
  /** A partner's own apiKey, where it is not `apiKey` (a relay serving several stores). */
  partnerKeys?: Record<string, string>;
  behaviour?: Partial<UpstreamBehaviour>;
  /** Product ids a sponsored product shelf is drawn from: the store's feed ids (1 to 40 when left out). */
  sponsoredProductIds?: number[];
  /** The eSputnik stand-in at `POST /esputnik/api/v2` (any site, no key, when left out). */
  esputnik?: EsputnikEndpointOptions;
}

/** A running local upstream. */
export interface LocalUpstream {
  url: string;
  server: Server;
  accepted: AcceptedCall[];
  calls: UpstreamCall[];
  behaviour: UpstreamBehaviour;
  /** Every Sponsored Products call received, whatever was answered (also at `GET /__upstream/sponsored-calls`). */
  sponsoredCalls(): number;
  /** The eSputnik stand-in: what it accepted and refused, and its own behaviour. */
  esputnik: EsputnikEndpoint;
  close(): Promise<void>;
}

const send = sendJson;

/**
 * Starts a strict stand-in for Retail Rocket's tracking and Sponsored Products
 * APIs: 401 for a missing or wrong apiKey, 400 for a body or query that breaks
 * the contract, 404 for unknown paths, 429 above the rate limit, and a
 * configurable latency. It records every call it accepted; tests read them at
 * `GET /__upstream/accepted` (every answered call with its status at
 * `GET /__upstream/calls`) and clear them with `POST /__upstream/reset`.
 * Failures for testing (see {@link UpstreamBehaviour}) are switched with
 * `POST /__upstream/config`: a burst of 5xx or 429 (`failNext`), dropped
 * connections (`dropNext`), calls held until the caller times out (`hangNext`), calls taken
 * whose answers are held back (`holdAnswerNext`), slow answers (`latencyMs`), a 400 for events with a
 * marker productId (`rejectProductIds`), a refused key (`refuseKey`).
 */
export async function startLocalUpstream(options: LocalUpstreamOptions): Promise<LocalUpstream> {
  const behaviour: UpstreamBehaviour = {
    latencyMs: 100,
    failStatus: 0,
    retryAfterSeconds: 1,
    rateLimit: 50,
    spLatencyMs: null,
    spFailStatus: 0,
    spRetryAfterSeconds: 1,
    spEmptyShare: 0.25,
    failNext: 0,
    failNextStatus: 503,
    dropNext: 0,
    rejectProductIds: [],
    refuseKey: false,
    hangNext: 0,
    holdAnswerNext: 0,
    echoUrlOnFailure: false,
    ...options.behaviour,
  };
  let sponsoredCalls = 0;
  const accepted: AcceptedCall[] = [];
  const calls: UpstreamCall[] = [];
  const partners = new Set(options.partnerIds);
  const keyOf = (partnerId: string) => options.partnerKeys?.[partnerId] ?? options.apiKey;
  const windows = new Map<string, number[]>();
  const esputnik = createEsputnikEndpoint(options.esputnik);

  const failureText = (req: IncomingMessage) =>
    behaviour.echoUrlOnFailure ? `internal error while handling ${req.method} ${req.url}` : 'configured failure';

  const overLimit = (partnerId: string) => {
    const now = Date.now();
    const recent = (windows.get(partnerId) ?? []).filter((at) => now - at < 1000);
    recent.push(now);
    windows.set(partnerId, recent);
    return recent.length > behaviour.rateLimit;
  };

  const handleControl = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (path === '/__upstream/accepted') return send(res, 200, accepted);
    if (path === '/__upstream/sponsored-calls') return send(res, 200, { calls: sponsoredCalls });
    if (path === '/__upstream/calls') return send(res, 200, calls);
    if (path === '/__upstream/reset' && req.method === 'POST') {
      accepted.length = 0;
      calls.length = 0;
      sponsoredCalls = 0;
      windows.clear();
      esputnik.reset();
      return send(res, 204);
    }
    if (path === '/__upstream/config' && req.method === 'POST') {
      Object.assign(behaviour, JSON.parse((await readBody(req)) || '{}'));
      return send(res, 200, behaviour);
    }
    if (path === '/__upstream/config') return send(res, 200, behaviour);
    return send(res, 404, { error: 'unknown control path' });
  };

  const handleTracking = async (req: IncomingMessage, res: ServerResponse, url: URL, method: string, receivedAt: number) => {
    let events: VisitorEvent[] = [];
    const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      calls.push({ method, status, events: events.length, receivedAt, at: Date.now() });
      return send(res, status, body, headers);
    };
    if (req.method !== 'POST') return answer(405, { error: 'use POST' });
    const partnerId = url.searchParams.get('partnerId') ?? '';
    if (behaviour.refuseKey || url.searchParams.get('apiKey') !== keyOf(partnerId)) return answer(401, { error: 'wrong apiKey' });
    if (!partners.has(partnerId)) return answer(403, { error: 'unknown partnerId' });
    if (overLimit(partnerId)) return answer(429, { error: 'too many requests' }, { 'retry-after': '1' });
    if (behaviour.dropNext > 0) {
      behaviour.dropNext--;
      calls.push({ method, status: 0, events: 0, receivedAt, at: Date.now() });
      req.socket.destroy();
      return;
    }
    if (behaviour.hangNext > 0) {
      behaviour.hangNext--;
      return holdOpen(req, () => calls.push({ method, status: 0, events: 0, receivedAt, at: Date.now() }));
    }
    const failure = behaviour.failNext > 0 ? behaviour.failNextStatus : behaviour.failStatus;
    if (behaviour.failNext > 0) behaviour.failNext--;
    if (failure) {
      const headers: Record<string, string> = failure === 429 ? { 'retry-after': String(behaviour.retryAfterSeconds) } : {};
      return answer(failure, { error: failureText(req) }, headers);
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return answer(400, { error: 'Content-type must be application/json' });
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return answer(400, { error: 'body is not JSON' });
    }
    events = [];
    const rejected: EventRejection[] = [];
    if (method === 'visitorEvents') {
      if (!Array.isArray(body) || body.length === 0) return answer(400, { error: 'body must be a non-empty array' });
      body.forEach((envelope, index) => {
        // The real API knows nothing of the relay's event ids.
        if (envelope && typeof envelope === 'object' && 'eventId' in envelope) {
          rejected.push({ index, path: 'eventId', reason: 'unknown field' });
          return;
        }
        const check = checkVisitorEvent(envelope, index);
        // The relay's store events (cart, orderPlaced, …) are for other destinations; the real API knows none of them.
        if (check.ok && !isRetailRocketMethod(check.event.method)) rejected.push({ index, path: check.event.method, reason: 'is not a tracking method' });
        else if (check.ok) events.push(check.event);
        else rejected.push(check.rejection);
      });
    } else if (isTrackingMethod(method)) {
      const check = checkTrackingEvent(method, body);
      if (check.ok) events.push(check.event);
      else rejected.push(check.rejection);
    }
    events.forEach((event, index) => {
      const productId = (event.body as { productId?: number }).productId;
      if (productId !== undefined && behaviour.rejectProductIds.includes(productId)) {
        rejected.push({ index, path: `${event.method}.productId`, reason: `product ${productId} is not in the feed` });
      }
    });
    if (rejected.length) return answer(400, { error: 'bad request', rejected });
    accepted.push({ method, partnerId, events, status: 200, receivedAt, at: Date.now() });
    if (behaviour.holdAnswerNext > 0) {
      behaviour.holdAnswerNext--;
      return holdOpen(req, () => calls.push({ method, status: 0, events: events.length, receivedAt, at: Date.now() }));
    }
    return answer(200, {});
  };

  const handleSponsored = async (req: IncomingMessage, res: ServerResponse, url: URL, parts: string[]) => {
    sponsoredCalls += 1;
    const [partnerId = '', kind = '', placementId = ''] = parts;
    // Counted on arrival, as a server counts requests per second, not after the simulated latency.
    const limited = overLimit(`sp:${partnerId}`);
    const latency = behaviour.spLatencyMs ?? behaviour.latencyMs;
    if (latency > 0) await sleep(latency);
    if (req.method !== 'GET') return send(res, 405, { error: 'use GET' });
    const query = Object.fromEntries(url.searchParams);
    if (behaviour.refuseKey || query.apiKey !== keyOf(partnerId)) return send(res, 401, { error: 'wrong apiKey' });
    if (!partners.has(partnerId)) return send(res, 403, { error: 'unknown partnerId' });
    if (limited) return send(res, 429, { error: 'too many requests' }, { 'retry-after': '1' });
    if (behaviour.spFailStatus) {
      const headers: Record<string, string> = behaviour.spFailStatus === 429 ? { 'retry-after': String(behaviour.spRetryAfterSeconds) } : {};
      return send(res, behaviour.spFailStatus, { error: failureText(req) }, headers);
    }
    if (behaviour.failStatus) return send(res, behaviour.failStatus, { error: 'configured failure' });
    delete query.apiKey;
    const check = checkImpressionRequest(kind, placementId, query);
    if (!check.ok) return send(res, 400, { error: `${check.rejection.param} ${check.rejection.reason}` });
    const answer = sponsoredAnswer(check.kind, check.placementId, check.query, options.sponsoredProductIds, behaviour.spEmptyShare);
    accepted.push({ method: 'impressions', partnerId, events: [], query, status: answer ? 200 : 204, receivedAt: Date.now(), at: Date.now() });
    return answer ? send(res, 200, answer) : send(res, 204);
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://upstream');
      // eSputnik has its own latency and failures, so it is routed before Retail Rocket's.
      if (url.pathname.startsWith(esputnikControlPrefix)) return await esputnik.control(req, res, url.pathname);
      if (url.pathname === esputnikPath) return await esputnik.handle(req, res);
      if (url.pathname.startsWith('/__upstream/')) return await handleControl(req, res, url.pathname);
      const sponsored = url.pathname.match(/^\/v1\/partners\/([^/]+)\/([^/]+)\/([^/]+)\/impressions$/);
      if (sponsored) return await handleSponsored(req, res, url, sponsored.slice(1));
      const receivedAt = Date.now();
      if (behaviour.latencyMs > 0) await sleep(behaviour.latencyMs);
      const tracking = url.pathname.match(/^\/1\.0\/([A-Za-z]+)$/);
      if (tracking && (tracking[1] === 'visitorEvents' || isTrackingMethod(tracking[1]!))) {
        return await handleTracking(req, res, url, tracking[1]!, receivedAt);
      }
      return send(res, 404, { error: 'not found' });
    } catch (error) {
      return send(res, 500, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    accepted,
    calls,
    behaviour,
    sponsoredCalls: () => sponsoredCalls,
    esputnik,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
