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
 * Guards the event inspector, whose feeds carry the relay's token to the
 * relay: a browser page on another site must never read them. Only `GET`
 * (and `HEAD`), only for a `Host` of this machine (`127.0.0.1`, `localhost`,
 * `[::1]`, any port), and the feeds only with the secret cookie the inspector
 * page set (`SameSite=Strict`, so another site's page cannot send it).
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
    const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    if (!localHosts.has(host)) return { status: 403, field: 'host', reason: 'the inspector answers only as 127.0.0.1 or localhost' };
    return undefined;
  }

  /** Why a request for one of the inspector's feeds is refused, if it is. */
  refuseFeed(req: IncomingMessage): InspectorRefusal | undefined {
    const refusal = this.refusePage(req);
    if (refusal) return refusal;
    const given = cookieValue(req.headers.cookie, inspectorCookie) ?? '';
    const expected = Buffer.from(this.#secret);
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      return { status: 403, field: 'cookie', reason: 'open the inspector at /inspector first: its feeds answer only the page it served' };
    }
    return undefined;
  }
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
