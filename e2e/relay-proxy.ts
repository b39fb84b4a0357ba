import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A proxy in front of the relay that can fail like a dropped connection. */
export interface RelayProxy {
  /** The address to put in a page as the tracker's endpoint. */
  url: string;
  /**
   * `pass`: forward to the relay. `drop`: read the request, then cut the connection.
   * `hold`: read the request and keep it unanswered until the mode changes (then cut).
   * `unavailable`: answer 503, as a relay that is restarting would.
   */
  mode: 'pass' | 'drop' | 'hold' | 'unavailable';
  /** Answers the next this many requests with 503 (whatever the mode), then goes on as the mode says. */
  unavailableNext: number;
  /** How many requests were answered 503. */
  unavailableAnswers: number;
  /** The bodies of the requests that were cut, in order. */
  droppedBodies: string[];
  /** How many requests are held now. */
  readonly held: number;
  close(): Promise<void>;
}

/**
 * Starts a proxy to the relay on 127.0.0.1: the one way the browser specs make the relay fail, in
 * every engine. Request routing sees no beacon (Playwright's) or does not exist (WebDriver), so a
 * beacon that the browser accepts but that never arrives can only be made at the network: this proxy
 * cuts the connection after reading it.
 */
export async function startRelayProxy(relayUrl = process.env.RELAY_URL!): Promise<RelayProxy> {
  const heldRequests = new Set<IncomingMessage>();
  const readBody = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => resolve(body));
    });
  const cut = (request: IncomingMessage, body: string) => {
    proxy.droppedBodies.push(body);
    request.socket.destroy();
  };
  const server = createServer(async (request, response) => {
    if (proxy.unavailableNext > 0 || proxy.mode === 'unavailable') {
      proxy.unavailableNext = Math.max(0, proxy.unavailableNext - 1);
      proxy.unavailableAnswers++;
      await readBody(request);
      response.writeHead(503, { 'access-control-allow-origin': request.headers.origin ?? '*', 'content-type': 'text/plain' });
      return void response.end('relay restarting');
    }
    if (proxy.mode === 'pass') {
      const { host: _, ...headers } = request.headers;
      const forwarded = httpRequest(`${relayUrl}${request.url}`, { method: request.method, headers }, (answer) => {
        response.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(response);
      });
      // The relay is down (stopped mid-run): the page sees its connection fail, as it would without the proxy.
      forwarded.on('error', () => request.socket.destroy());
      return void request.pipe(forwarded);
    }
    const body = await readBody(request);
    if (proxy.mode === 'drop') return cut(request, body);
    heldRequests.add(request);
    const release = setInterval(() => {
      if (proxy.mode === 'hold') return;
      clearInterval(release);
      heldRequests.delete(request);
      cut(request, body);
    }, 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: RelayProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode: 'pass',
    unavailableNext: 0,
    unavailableAnswers: 0,
    droppedBodies: [],
    get held() {
      return heldRequests.size;
    },
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
  return proxy;
}
