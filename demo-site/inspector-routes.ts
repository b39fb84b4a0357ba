import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InspectorGuard, type InspectorRefusal } from './inspector-guard.ts';
import { actionBody, fetchRelayAdmin, inspectorActions, relayAdminUrl, type RelayAdmin } from './inspector-proxy.ts';

const staticDir = new URL('static/', import.meta.url);
const inspectorFiles: Record<string, string> = {
  '/inspector': 'inspector.html',
  '/inspector.css': 'inspector.css',
  '/inspector.js': 'inspector.js',
  '/inspector-format.js': 'inspector-format.js',
  '/flow-chart.js': 'flow-chart.js',
  '/store.css': 'store.css',
};
const types: Record<string, string> = { html: 'text/html; charset=utf-8', css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };

// One per process: the secret of the inspector's cookie is made anew at each start.
const guard = new InspectorGuard();

/** The most an action's body may hold: 1,000 ids and their JSON. */
const maxActionBytes = 64 * 1024;

function refuse(res: ServerResponse, refusal: InspectorRefusal, allow = 'GET, HEAD'): true {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  if (refusal.status === 405) headers.allow = allow;
  res.writeHead(refusal.status, headers);
  res.end(JSON.stringify({ error: refusal }));
  return true;
}

/** Reads a request body up to `max` bytes; `undefined` when it is longer. */
async function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > max) return undefined;
  }
  return body;
}

function answer(res: ServerResponse, proxied: { status: number; body: string }): true {
  res.writeHead(proxied.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(proxied.body);
  return true;
}

/**
 * Serves the event inspector: its page at `/inspector`, its assets, its feeds
 * (`/inspector/activity`, `/inspector/health`, `/inspector/dead-letters`) and its
 * actions (`/inspector/dead-letters/replay`, `…/drop`, by dead letter ids) proxied
 * to the relay with the `HEALTH_TOKEN`, which stays on this server. Only as this
 * machine's own host name, and the feeds and actions only for the page it served
 * (see {@link InspectorGuard}). Answers `true` when the path was the inspector's,
 * `false` to let the caller route it.
 */
export async function serveInspector(req: IncomingMessage, res: ServerResponse, url: URL, admin: RelayAdmin): Promise<boolean> {
  const action = inspectorActions[url.pathname];
  if (action) {
    const refusal = guard.refuseAction(req);
    if (refusal) return refuse(res, refusal, 'POST');
    const text = await readBody(req, maxActionBytes);
    const body = text === undefined ? undefined : actionBody(text);
    if (body === undefined) return refuse(res, { status: 400, field: 'ids', reason: 'must be {"ids": [...]}: 1 to 1000 dead letter ids, {shard}.{id}' });
    return answer(res, await fetchRelayAdmin(new URL(action, admin.relayUrl), admin, 5000, body));
  }
  const feed = relayAdminUrl(url.pathname, url.searchParams, admin.relayUrl);
  if (feed) {
    const refusal = guard.refuseFeed(req);
    if (refusal) return refuse(res, refusal);
    return answer(res, await fetchRelayAdmin(feed, admin));
  }
  const file = inspectorFiles[url.pathname];
  if (!file) return false;
  const refusal = guard.refusePage(req);
  if (refusal) return refuse(res, refusal);
  const headers: Record<string, string> = { 'content-type': types[file.split('.').pop()!]!, 'cache-control': 'no-store' };
  if (url.pathname === '/inspector') headers['set-cookie'] = guard.cookie();
  res.writeHead(200, headers);
  res.end(await readFile(new URL(file, staticDir)));
  return true;
}
