import type { RelayConfig } from './config.ts';

/** The CORS headers for a request from `origin`, or none if the origin is not allowed. */
export function corsHeaders(request: Request, config: RelayConfig): Record<string, string> {
  const origin = request.headers.get('origin');
  if (!origin) return {};
  if (config.allowedOrigins !== '*' && !config.allowedOrigins.has(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

/** Answers a CORS preflight: 204 with the allowed methods for an allowed origin, 403 otherwise. */
export function preflightResponse(request: Request, config: RelayConfig): Response {
  const headers = corsHeaders(request, config);
  if (!headers['access-control-allow-origin']) {
    return new Response(null, { status: 403, headers: { vary: 'Origin' } });
  }
  return new Response(null, {
    status: 204,
    headers: {
      ...headers,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      // authorization: the operator endpoints (/health/report, /admin/activity) take a bearer token.
      'access-control-allow-headers': 'content-type, authorization',
      'access-control-max-age': '86400',
    },
  });
}
