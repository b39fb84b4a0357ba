// The local server of the browser benchmarks (tracker-main-thread.ts, tracker-peers.ts): their pages and
// scripts, cross-origin isolated (COOP + COEP) so that performance.now() is fine-grained, and every other
// request (the relay, a collector, a settings call) answered 200, so that nothing leaves the machine.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../e2e/engines/visitor.ts';

/** A running bench server. */
export interface BenchPageServer {
  /** Its origin, e.g. `http://127.0.0.1:40123`: the pages' and every endpoint's. */
  origin: string;
  /** How many requests reached the relay's `/1.0/` paths. */
  relayRequests(): number;
  close(): void;
}

/**
 * Starts the server. `serve` gives the body of a page or script for an address (a `.js` path is served as
 * JavaScript, anything else as HTML), or `undefined` for an endpoint: a 200 with `{"accepted":1,"rejected":[]}`
 * under `/1.0/`, `{}` elsewhere, CORS open, credentials too (Snowplow sends them: a `*` would fail its
 * every send, and its queue would grow without end).
 */
export async function startBenchPageServer(serve: (address: URL, origin: string) => string | undefined): Promise<BenchPageServer> {
  let relayRequests = 0;
  // No `cache-control: no-store`: with it, Plausible's per-event request cost a fifth of what it does
  // without in Chromium (72 against 241-416 µs), so the contenders would not be timed as a store serves them.
  const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const server = createServer((request, response) => {
    const address = new URL(request.url ?? '/', origin);
    request.resume();
    request.on('end', () => {
      const body = serve(address, origin);
      if (body !== undefined) {
        response.writeHead(200, { ...isolated, 'content-type': address.pathname.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8' });
        return response.end(body);
      }
      const relay = address.pathname.startsWith('/1.0/');
      if (relay) relayRequests++;
      response.writeHead(200, {
        ...isolated,
        'content-type': 'application/json',
        'access-control-allow-origin': request.headers.origin ?? '*',
        'access-control-allow-credentials': 'true',
        'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '*',
      });
      response.end(relay ? '{"accepted":1,"rejected":[]}' : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, relayRequests: () => relayRequests, close: () => server.close() };
}

/** The engines to run: `ENGINES=chromium,firefox`, or all three. */
export const benchEngines = (): Engine[] => (process.env.ENGINES?.split(',') ?? ['chromium', 'firefox', 'webkit']) as Engine[];

/** The median of some figures. */
export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
