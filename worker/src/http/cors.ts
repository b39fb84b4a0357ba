import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { RelayEnv } from './relay-env.ts';

/** What a CORS preflight may ask for: the tracker posts JSON or text, and reads Sponsored Products with GET. */
const preflight = {
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['content-type'],
  maxAge: 86_400,
};

/** The partner a browser route is for: `?partnerId=` of the tracking API, the path's of Sponsored Products. */
function partnerOf(c: Context<RelayEnv>): string {
  return c.req.query('partnerId') ?? c.req.path.match(/^\/v1\/partners\/([^/]+)\//)?.[1] ?? '';
}

/** Whether a browser page on `origin` may read the relay's answers: the partner's own origins (`RR_PARTNER_ORIGINS`) or `ALLOWED_ORIGINS`. */
function isAllowedOrigin(origin: string | undefined, allowed: ReadonlySet<string> | '*'): boolean {
  if (!origin) return false;
  return allowed === '*' || allowed.has(origin);
}

/**
 * CORS for the browser-facing routes, with Hono's `cors` middleware, by the
 * request's partner's origins (`RR_PARTNER_ORIGINS`) or `ALLOWED_ORIGINS`. A listed
 * origin is echoed with credentials (its cookies may come along);
 * `ALLOWED_ORIGINS=*` answers `*` without credentials, so no page, not even a
 * sandboxed one with the origin `null`, reads an answer with a visitor's
 * cookies. A preflight from any other origin is refused with 403 rather than
 * Hono's header-less 204, so a misconfigured store sees the refusal plainly.
 */
export const browserCors: MiddlewareHandler<RelayEnv> = async (c, next) => {
  const { config } = c.var;
  const allowed = config.partnerOrigins.get(partnerOf(c)) ?? config.allowedOrigins;
  const origin = c.req.header('origin');
  if (c.req.method === 'OPTIONS' && !isAllowedOrigin(origin, allowed)) return refusedPreflight();
  const anyOrigin = allowed === '*';
  return cors({
    ...preflight,
    origin: (given) => (isAllowedOrigin(given, allowed) ? (anyOrigin ? '*' : given) : null),
    credentials: !anyOrigin && isAllowedOrigin(origin, allowed),
  })(c, next);
};

/**
 * The operator endpoints carry the `HEALTH_TOKEN`: they get no CORS at all, so
 * no page on another origin reads them, and every preflight is refused.
 */
export const noBrowsers: MiddlewareHandler<RelayEnv> = async (c, next) => {
  if (c.req.method === 'OPTIONS') return refusedPreflight();
  await next();
};

function refusedPreflight(): Response {
  return new Response(null, { status: 403, headers: { vary: 'Origin' } });
}
