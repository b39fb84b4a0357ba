import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InspectorGuard, type InspectorRefusal } from './inspector-guard.ts';
import { fetchRelayAdmin, relayAdminUrl, type RelayAdmin } from './inspector-proxy.ts';

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

function refuse(res: ServerResponse, refusal: InspectorRefusal): true {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  if (refusal.status === 405) headers.allow = 'GET, HEAD';
  res.writeHead(refusal.status, headers);
  res.end(JSON.stringify({ error: refusal }));
  return true;
}

/**
 * Serves the event inspector: its page at `/inspector`, its assets, and its two
 * feeds (`/inspector/activity`, `/inspector/health`) proxied to the relay with
 * the `HEALTH_TOKEN`, which stays on this server. Only reads, only as this
 * machine's own host name, and the feeds only for the page it served (see
 * {@link InspectorGuard}). Answers `true` when the path was the inspector's,
 * `false` to let the caller route it.
 */
export async function serveInspector(req: IncomingMessage, res: ServerResponse, url: URL, admin: RelayAdmin): Promise<boolean> {
  const feed = relayAdminUrl(url.pathname, url.searchParams, admin.relayUrl);
  if (feed) {
    const refusal = guard.refuseFeed(req);
    if (refusal) return refuse(res, refusal);
    const answer = await fetchRelayAdmin(feed, admin);
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(answer.body);
    return true;
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
