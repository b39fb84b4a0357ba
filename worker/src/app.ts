import { Hono } from 'hono';
import { except } from 'hono/combine';
import { HTTPException } from 'hono/http-exception';
import { relayConfig } from './config.ts';
import { requireHealthToken } from './http/bearer-token.ts';
import { browserCors, noBrowsers } from './http/cors.ts';
import { errorResponse, jsonResponse } from './http/json-response.ts';
import { bodyWithinLimit } from './http/read-json-body.ts';
import type { RelayEnv } from './http/relay-env.ts';
import { handleIngest } from './ingest/handle-ingest.ts';
import { refreshSessionCookie } from './ingest/session-cookie.ts';
import { logEvent } from './log.ts';
import { deadLetterQuery, handleDeadLetters, handleDrop, handleReplay } from './operator/dead-letter-admin.ts';
import { feedQuery, handleActivity, handlePossibleDuplicates } from './operator/operator-feeds.ts';
import { handleHealthReport } from './operator/health-report.ts';
import { keepSecretsOut } from './redact.ts';
import { handleImpressions } from './sponsored/impressions.ts';

/** The paths that carry the `HEALTH_TOKEN`: no CORS, no preflight, the token required. */
const operatorPaths = ['/health/report', '/admin/*'];

/**
 * The relay's routes, with Hono: the tracking API's drop-in and the tracker's
 * endpoint (`/1.0/{method}`), Sponsored Products (`/v1/partners/…/impressions`),
 * `/health`, and the operator endpoints. Every refusal is the relay's JSON
 * error, `{"error": {"status", "reason", "field"?}}`.
 */
export const app = new Hono<RelayEnv>();

app.use(async (c, next) => {
  keepSecretsOut(c.env);
  c.set('config', relayConfig(c.env));
  await next();
});
app.use(except(operatorPaths, browserCors));
for (const path of operatorPaths) app.use(path, noBrowsers, requireHealthToken);

app.all('/1.0/:method', bodyWithinLimit, async (c) => {
  const answer = await handleIngest(c.req.raw, c.env, c.executionCtx, c.req.param('method'), c.var.config);
  return refreshSessionCookie(c.req.raw, answer, c.var.config.sessionCookieDomain);
});
app.all('/v1/partners/:partnerId/:kind/:placementId/impressions', (c) =>
  handleImpressions(c.req.raw, c.env, c.executionCtx, c.var.config, c.req.param()),
);
app.all('/health', () => jsonResponse(200, { ok: true }));
app.get('/health/report', (c) => handleHealthReport(c.env, c.var.config));
app.get('/admin/activity', feedQuery, (c) => handleActivity(c.env, c.req.valid('query')));
app.get('/admin/possible-duplicates', feedQuery, (c) => handlePossibleDuplicates(c.env, c.req.valid('query')));
app.get('/admin/dead-letters', deadLetterQuery, (c) => handleDeadLetters(c.env, c.req.valid('query')));
app.post('/admin/dead-letters/replay', bodyWithinLimit, (c) => handleReplay(c.req.raw, c.env));
app.post('/admin/dead-letters/drop', bodyWithinLimit, (c) => handleDrop(c.req.raw, c.env));

app.notFound((c) => errorResponse(404, `no route for ${c.req.path.slice(0, 100)}`));
app.onError((error, c) => {
  if (error instanceof HTTPException) return error.getResponse();
  logEvent('error', 'request_failed', { path: c.req.path.slice(0, 100), message: String(error).slice(0, 300) });
  return errorResponse(500, 'the relay failed on this request; send it again (event ids prevent duplicates)');
});
