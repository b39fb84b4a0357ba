import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { RelayConfig } from '../config.ts';
import type { RelayEnv } from './relay-env.ts';

/** What a CORS preflight may ask for: the tracker posts JSON or text, and reads Sponsored Products with GET. */
const preflight = {
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['content-type'],
  maxAge: 86_400,
};

/** Whether a browser page on `origin` may read the relay's answers. */
function isAllowedOrigin(origin: string | undefined, config: RelayConfig): boolean {
  if (!origin) return false;
  return config.allowedOrigins === '*' || config.allowedOrigins.has(origin);
}

/**
 * CORS for the browser-facing routes, with Hono's `cors` middleware. A listed
 * origin is echoed with credentials (its cookies may come along);
 * `ALLOWED_ORIGINS=*` answers `*` without credentials, so no page, not even a
 * sandboxed one with the origin `null`, reads an answer with a visitor's
 * cookies. A preflight from any other origin is refused with 403 rather than
 * Hono's header-less 204, so a misconfigured store sees the refusal plainly.
 */
export const browserCors: MiddlewareHandler<RelayEnv> = async (c, next) => {
  const { config } = c.var;
  const origin = c.req.header('origin');
  if (c.req.method === 'OPTIONS' && !isAllowedOrigin(origin, config)) return refusedPreflight();
  const anyOrigin = config.allowedOrigins === '*';
  return cors({
    ...preflight,
    origin: (given) => (isAllowedOrigin(given, config) ? (anyOrigin ? '*' : given) : null),
    credentials: !anyOrigin && isAllowedOrigin(origin, config),
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
