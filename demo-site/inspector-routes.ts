import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fetchRelayAdmin, relayAdminUrl, type RelayAdmin } from './inspector-proxy.ts';

const staticDir = new URL('static/', import.meta.url);
const inspectorFiles: Record<string, string> = {
  '/inspector': 'inspector.html',
  '/inspector.css': 'inspector.css',
  '/inspector.js': 'inspector.js',
  '/inspector-format.js': 'inspector-format.js',
  '/store.css': 'store.css',
};
const types: Record<string, string> = { html: 'text/html; charset=utf-8', css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };

/**
 * Serves the event inspector: its page at `/inspector`, its assets, and its two
 * feeds (`/inspector/activity`, `/inspector/health`) proxied to the relay with
 * the `HEALTH_TOKEN`, which stays on this server. Answers `true` when the path
 * was the inspector's, `false` to let the caller route it.
 */
export async function serveInspector(req: IncomingMessage, res: ServerResponse, url: URL, admin: RelayAdmin): Promise<boolean> {
  const feed = relayAdminUrl(url.pathname, url.searchParams, admin.relayUrl);
  if (feed) {
    const answer = await fetchRelayAdmin(feed, admin);
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(answer.body);
    return true;
  }
  const file = inspectorFiles[url.pathname];
  if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  res.writeHead(200, { 'content-type': types[file.split('.').pop()!]!, 'cache-control': 'no-store' });
  res.end(await readFile(new URL(file, staticDir)));
  return true;
}
