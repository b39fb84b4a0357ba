import type { RelayConfig } from '../config.ts';

/**
 * The CORS headers for a request from `origin`, or none if the origin is not
 * allowed. A listed origin is echoed with credentials (its cookies may come
 * along); `ALLOWED_ORIGINS=*` answers `*` without credentials, so no page, not
 * even a sandboxed one with the origin `null`, reads an answer with a
 * visitor's cookies.
 */
export function corsHeaders(request: Request, config: RelayConfig): Record<string, string> {
  const origin = request.headers.get('origin');
  if (!origin) return {};
  if (config.allowedOrigins === '*') return { 'access-control-allow-origin': '*' };
  if (!config.allowedOrigins.has(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

/**
 * Answers a CORS preflight: 204 with the allowed methods for an allowed
 * origin, 403 otherwise. The operator endpoints (`/health/report`, `/admin/…`)
 * never answer a browser on another origin: they get no CORS at all.
 */
export function preflightResponse(request: Request, config: RelayConfig, operatorPath: boolean): Response {
  const headers = operatorPath ? {} : corsHeaders(request, config);
  if (!headers['access-control-allow-origin']) {
    return new Response(null, { status: 403, headers: { vary: 'Origin' } });
  }
  return new Response(null, {
    status: 204,
    headers: {
      ...headers,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '86400',
    },
  });
}
