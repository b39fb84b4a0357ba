import { isbot } from 'isbot';

/**
 * Whether a tracking request comes from a bot's browser: a request a page
 * made (it carries `Origin`, which browsers send with every POST, a beacon
 * too, by the Fetch standard) whose user agent is a known crawler, monitor or
 * headless browser by `isbot`'s maintained list (HeadlessChrome and PhantomJS
 * among them). A request from a server, the isomorphic tracker on a store's
 * backend, sends no `Origin` and is never taken for a bot, whatever its user
 * agent (Node's is `node`, which the list holds; Node's fetch does send
 * `Sec-Fetch-Mode`, so that header tells nothing).
 */
export function isBotRequest(request: Request): boolean {
  return request.headers.has('origin') && isbot(request.headers.get('user-agent'));
}
