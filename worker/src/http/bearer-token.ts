import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { timingSafeEqual } from 'hono/utils/buffer';
import { errorResponse } from './json-response.ts';
import type { RelayEnv } from './relay-env.ts';

const refusal = (reason: string) => () => errorResponse(401, reason, 'authorization', { 'www-authenticate': 'Bearer' });

/**
 * Hono's `bearerAuth`, checking `Authorization: Bearer <token>` against the
 * `HEALTH_TOKEN` secret in constant time. Every refusal is the relay's JSON
 * error naming the `authorization` field, and a 401 (Hono answers a malformed
 * header with 400; one status tells a script all it needs: send the token).
 */
const healthTokenAuth = bearerAuth({
  verifyToken: (token, c: Context<RelayEnv>) => timingSafeEqual(token, c.env.HEALTH_TOKEN ?? ''),
  noAuthenticationHeader: { message: refusal('a valid Authorization: Bearer token is required') },
  invalidAuthenticationHeader: { message: refusal('a valid Authorization: Bearer token is required') },
  invalidToken: { message: refusal('a valid Authorization: Bearer token is required') },
});

/** Lets an operator request through only with the `HEALTH_TOKEN`; 401 when the secret is not set at all. */
export const requireHealthToken: MiddlewareHandler<RelayEnv> = async (c, next) => {
  if (!c.env.HEALTH_TOKEN) return refusal('the HEALTH_TOKEN secret is not set on this relay')();
  return healthTokenAuth(c, next);
};
