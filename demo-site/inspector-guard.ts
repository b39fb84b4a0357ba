import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Names this machine answers to; any other `Host` is a page elsewhere (DNS rebinding) reaching the inspector. */
const localHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** The inspector's cookie: its value is made anew each time the server starts. */
export const inspectorCookie = 'rrinspector';

/** Why the inspector refuses a request: the status, the part of the request at fault, and a sentence. */
export interface InspectorRefusal {
  status: number;
  field: string;
  reason: string;
}

/**
 * Guards the event inspector, whose feeds and actions carry the relay's token
 * to the relay: a browser page on another site must never read or write
 * through them. Only for a `Host` of this machine (`127.0.0.1`, `localhost`,
 * `[::1]`, any port); the page and feeds only `GET` (and `HEAD`), with the
 * secret cookie the inspector page set (`SameSite=Strict`, so another site's
 * page cannot send it); the actions (replay, drop) only `POST` of JSON with that
 * cookie and an `Origin` that is the inspector's own.
 */
export class InspectorGuard {
  readonly #secret = randomBytes(24).toString('base64url');

  /** The `Set-Cookie` header the inspector page is served with. */
  cookie(): string {
    return `${inspectorCookie}=${this.#secret}; Path=/inspector; HttpOnly; SameSite=Strict`;
  }

  /** Why a request for the inspector's page or assets is refused, if it is. */
  refusePage(req: IncomingMessage): InspectorRefusal | undefined {
    if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, field: 'method', reason: `${req.method} is not allowed; the inspector only reads` };
    return refuseHost(req);
  }

  /** Why a request for one of the inspector's feeds is refused, if it is. */
  refuseFeed(req: IncomingMessage): InspectorRefusal | undefined {
    return this.refusePage(req) ?? this.#refuseCookie(req);
  }

  /** Why a request for one of the inspector's actions is refused, if it is. */
  refuseAction(req: IncomingMessage): InspectorRefusal | undefined {
    if (req.method !== 'POST') return { status: 405, field: 'method', reason: `${req.method} is not allowed; an action is a POST` };
    const refusal = refuseHost(req) ?? this.#refuseCookie(req);
    if (refusal) return refusal;
    // A page elsewhere cannot send the cookie (SameSite=Strict); the Origin check stands even if a browser did.
    if (req.headers.origin !== `http://${req.headers.host}`) return { status: 403, field: 'origin', reason: 'an action must come from the inspector page itself' };
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return { status: 415, field: 'content-type', reason: 'must be application/json' };
    return undefined;
  }

  #refuseCookie(req: IncomingMessage): InspectorRefusal | undefined {
    const given = cookieValue(req.headers.cookie, inspectorCookie) ?? '';
    const expected = Buffer.from(this.#secret);
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      return { status: 403, field: 'cookie', reason: 'open the inspector at /inspector first: its feeds answer only the page it served' };
    }
    return undefined;
  }
}

/** Why a request is refused for its `Host`: any name but this machine's is a page elsewhere (DNS rebinding). */
function refuseHost(req: IncomingMessage): InspectorRefusal | undefined {
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  if (!localHosts.has(host)) return { status: 403, field: 'host', reason: 'the inspector answers only as 127.0.0.1 or localhost' };
  return undefined;
}

/** The value of the only cookie named `name`; undefined when there is none or more than one. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  const values = (header ?? '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`))
    .map((pair) => pair.slice(name.length + 1));
  return values.length === 1 ? values[0] : undefined;
}
