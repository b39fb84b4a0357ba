// The event inspector for a deployed relay, on this machine:
//   HEALTH_TOKEN=… node scripts/inspector.ts https://relay.shop.example [port]
// Serves the inspector at http://127.0.0.1:8790/inspector and reads the relay's
// /admin/activity and /health/report with the token, which never reaches the page.
import { createServer } from 'node:http';
import { serveInspector } from '../demo-site/inspector-routes.ts';

const relayUrl = process.argv[2];
const port = Number(process.argv[3] ?? 8790);
const healthToken = process.env.HEALTH_TOKEN ?? '';
if (!relayUrl || !/^https?:\/\//.test(relayUrl) || !healthToken) {
  console.error('usage: HEALTH_TOKEN=<the relay\'s token> node scripts/inspector.ts <relay origin, e.g. https://relay.shop.example> [port]');
  process.exit(2);
}
const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://inspector');
  if (url.pathname === '/') url.pathname = '/inspector';
  if (await serveInspector(req, res, url, { relayUrl, healthToken })) return;
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found; the inspector is at /inspector');
});
// Loopback only: anyone who can reach this server reads the relay's activity.
server.listen(port, '127.0.0.1', () => console.log(`\n  Event inspector for ${relayUrl}\n  http://127.0.0.1:${port}/inspector\n\n  Ctrl-C stops it.\n`));
