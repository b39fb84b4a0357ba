import { wakeShards } from './buffer/wake-shards.ts';
import { relayConfig } from './config.ts';
import { corsHeaders, preflightResponse } from './http/cors.ts';
import { handleActivity, handleHealthReport, handlePossibleDuplicates } from './operator/health-report.ts';
import { handleIngest } from './ingest/handle-ingest.ts';
import { errorResponse, jsonResponse } from './http/json-response.ts';
import { keepSecretsOut } from './redact.ts';
import { refreshSessionCookie } from './ingest/session-cookie.ts';
import { handleImpressions, isImpressionsPath } from './sponsored/impressions.ts';

export { VisitorBuffer } from './buffer/visitor-buffer.ts';
export { UpstreamRateLimiter } from './rate-limit/upstream-rate-limiter.ts';
export { SponsoredFlight } from './sponsored/durable-objects.ts';

/** The rrelay Worker: routes only. */
export default {
  async fetch(request, env, ctx): Promise<Response> {
    keepSecretsOut(env);
    const config = relayConfig(env);
    const url = new URL(request.url);
    // The operator endpoints carry the HEALTH_TOKEN: no browser page on another origin may read them.
    const operator = url.pathname === '/health/report' || url.pathname.startsWith('/admin/');
    if (request.method === 'OPTIONS') return preflightResponse(request, config, operator);
    const cors = operator ? {} : corsHeaders(request, config);

    const tracking = url.pathname.match(/^\/1\.0\/([^/]+)$/);
    if (tracking) return refreshSessionCookie(request, await handleIngest(request, env, ctx, tracking[1]!, cors), config.sessionCookieDomain);
    if (isImpressionsPath(url.pathname)) return handleImpressions(request, env, ctx, config, cors);
    if (url.pathname === '/health') return jsonResponse(200, { ok: true }, cors);
    if (url.pathname === '/health/report') return handleHealthReport(request, env, cors);
    if (url.pathname === '/admin/activity') return handleActivity(request, env, cors);
    if (url.pathname === '/admin/possible-duplicates') return handlePossibleDuplicates(request, env, cors);
    return errorResponse(404, `no route for ${url.pathname.slice(0, 100)}`, undefined, cors);
  },

  /** Once a minute: wakes every buffer shard, a backstop for a lost alarm. */
  async scheduled(_controller, env): Promise<void> {
    keepSecretsOut(env);
    await wakeShards(env);
  },
} satisfies ExportedHandler<Env>;

