import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the demo store finds its relay. */
export interface DemoSiteOptions {
  port?: number;
  /** The relay's origin, e.g. `http://127.0.0.1:8787`. */
  relayUrl: string;
  partnerId: string;
}

/** A running demo store. */
export interface DemoSite {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const pagesDir = fileURLToPath(new URL('pages/', import.meta.url));
const trackerScript = fileURLToPath(import.meta.resolve('@rrelay/tracker/rr.js'));
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the demo store: its pages, with the relay's address and the partner id
 * filled in, and the tracker's `<script>` build at `/rr.js`.
 */
export async function startDemoSite(options: DemoSiteOptions): Promise<DemoSite> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://demo').pathname;
    try {
      if (path === '/rr.js') {
        res.writeHead(200, { 'content-type': types['.js']!, 'cache-control': 'no-store' });
        return res.end(await readFile(trackerScript));
      }
      const file = normalize(join(pagesDir, path === '/' ? 'index.html' : path.endsWith('/') ? `${path}index.html` : path));
      if (!file.startsWith(pagesDir)) throw new Error('outside');
      const type = types[extname(file)] ?? 'application/octet-stream';
      let body: string | Buffer = await readFile(file);
      if (type.startsWith('text/html')) {
        body = body.toString('utf8').replaceAll('{{RELAY_URL}}', options.relayUrl).replaceAll('{{PARTNER_ID}}', options.partnerId);
      }
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
