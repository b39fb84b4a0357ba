import { relayConfig } from './config.ts';
import { corsHeaders, preflightResponse } from './cors.ts';
import { handleIngest } from './ingest.ts';
import { errorResponse, jsonResponse } from './json-response.ts';
import { refreshSessionCookie } from './session-cookie.ts';

/** The rrelay Worker: routes only. */
export default {
  async fetch(request, env): Promise<Response> {
    const config = relayConfig(env);
    const url = new URL(request.url);
    if (request.method === 'OPTIONS') return preflightResponse(request, config);
    const cors = corsHeaders(request, config);

    const tracking = url.pathname.match(/^\/1\.0\/([^/]+)$/);
    if (tracking) return refreshSessionCookie(request, await handleIngest(request, decodeURIComponent(tracking[1]!), config, cors));
    if (url.pathname === '/health') return jsonResponse(200, { ok: true }, cors);
    return errorResponse(404, `no route for ${url.pathname.slice(0, 100)}`, undefined, cors);
  },
} satisfies ExportedHandler<Env>;
