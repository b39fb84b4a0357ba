import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const fixturesDir = fileURLToPath(new URL('fixtures/', import.meta.url));
const distDir = fileURLToPath(new URL('../packages/tracker/dist/', import.meta.url));

/** A running fixture server. */
export interface FixtureServer {
  /** Its origin, e.g. `http://127.0.0.1:18003`: the relay must allow it. */
  url: string;
  close(): Promise<void>;
}

/** What a fixture page's address may ask for, in its query string. */
export interface FixturePageOptions {
  /** Another relay address for the page's tracker (a proxy in front of the relay). */
  endpoint?: string;
  /** Holds the tracker script back this long, to make calls happen before it arrives. */
  scriptDelayMs?: number;
}

/**
 * Serves the tracker's fixture pages over real HTTP, so that every engine (Playwright's Chromium and
 * Firefox, and WebKit through WebDriver, which has no request routing) loads them the same way:
 * `/{name}.html` (and the scripts they share) from `e2e/fixtures/` with `{{RELAY_URL}}`, `{{PARTNER_ID}}` and `{{SCRIPT_QUERY}}`
 * filled in, `/rr.js` and `/rr.debug.js` from the tracker's build, and `/` as the page a link leaves to.
 */
export async function startFixtureServer(options: { port: number; relayUrl: string; partnerId: string }): Promise<FixtureServer> {
  const server: Server = createServer(async (request, response) => {
    const address = new URL(request.url ?? '/', 'http://fixture');
    const name = address.pathname.slice(1);
    const send = (status: number, contentType: string, body: string) => {
      // `no-cache`, not `no-store`: Chromium and Firefox keep no `no-store` page in the back/forward cache.
      response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-cache' });
      response.end(body);
    };
    if (name === '') return send(200, 'text/html; charset=utf-8', '<!doctype html><title>Away</title><p>Another page of the store.</p>');
    // The single-page storefront: one page for every path under /spa, its app bundled on first use.
    if (name === 'spa' || name.startsWith('spa/')) return send(200, 'text/html; charset=utf-8', spaPage(address.searchParams.get('endpoint') ?? options.relayUrl, options.partnerId));
    if (name === 'spa.js') return send(200, 'text/javascript', await (storefrontBundle ??= bundleStorefront()));
    if (/^rr(\.debug)?\.js$/.test(name)) {
      const delayMs = Number(address.searchParams.get('delay') ?? 0);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs, 10_000)));
      return send(200, 'text/javascript', await readFile(distDir + name, 'utf8'));
    }
    if (/^[\w-]+\.js$/.test(name)) return send(200, 'text/javascript', await readFile(fixturesDir + name, 'utf8').catch(() => ''));
    if (!/^[\w-]+\.html$/.test(name)) return send(404, 'text/plain', 'not found');
    const delayMs = address.searchParams.get('scriptDelayMs');
    const html = (await readFile(fixturesDir + name, 'utf8'))
      .replaceAll('{{RELAY_URL}}', address.searchParams.get('endpoint') ?? options.relayUrl)
      .replaceAll('{{PARTNER_ID}}', options.partnerId)
      .replaceAll('{{SCRIPT_QUERY}}', delayMs ? `?delay=${encodeURIComponent(delayMs)}` : '');
    return send(200, 'text/html; charset=utf-8', html);
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

let storefrontBundle: Promise<string> | undefined;

/** Bundles `fixtures/spa/storefront.tsx` (Preact, and the tracker's ES module as a store would import it) with esbuild. */
async function bundleStorefront(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('fixtures/spa/storefront.tsx', import.meta.url))],
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const spaPage = (endpoint: string, partnerId: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Tracker fixture: a single-page storefront</title>
  <script src="/page-probe.js"></script>
  <script>window.storefront = ${JSON.stringify({ endpoint, partnerId })};</script>
  <script type="module" src="/spa.js"></script>
</head>
<body><div id="app"></div></body>
</html>`;

/** The address of a fixture page, with what it asks for in its query string. */
export function fixtureUrl(page: string, options: FixturePageOptions = {}): string {
  const query = new URLSearchParams();
  if (options.endpoint) query.set('endpoint', options.endpoint);
  if (options.scriptDelayMs) query.set('scriptDelayMs', String(options.scriptDelayMs));
  const search = query.size ? `?${query}` : '';
  return `${process.env.FIXTURE_URL}/${page}${search}`;
}
