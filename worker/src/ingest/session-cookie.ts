const oneYearSeconds = 31536000;
const sessionId = /^[A-Za-z0-9]{1,50}$/;

/** Every `rrsid` value a `Cookie` header holds (a browser sends one per domain and path that matches). */
function sessionCookies(header: string | null): string[] {
  return (header ?? '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith('rrsid='))
    .map((pair) => pair.slice('rrsid='.length));
}

/** Whether a cookie for `domain` (`shop.example` or `.shop.example`) may be set by `host`. */
function domainMatches(host: string, domain: string): boolean {
  const bare = domain.replace(/^\./, '').toLowerCase();
  return host === bare || host.endsWith(`.${bare}`);
}

/**
 * Refreshes the visitor's `rrsid` session cookie for a year with a `Set-Cookie`
 * header on a 2xx answer to the tracker. Safari caps cookies written by scripts
 * at 7 days, but not those set by the site's own server: a browser only sends
 * the `SameSite=Lax` cookie with the tracker's requests when the relay is on the
 * store's own site (a route such as `shop.example/1.0/*`), so its presence is
 * the sign that the refresh is first-party.
 *
 * It writes the same cookie the tracker writes: with `domain` (the relay's
 * `SESSION_COOKIE_DOMAIN`, which must be the tracker's `cookieDomain`) when
 * set, so that the tracker deleting its cookie (consent withdrawn) deletes
 * this one too. It refreshes nothing when the request holds more than one
 * `rrsid` (which one is the visitor's is unknown, and one may be planted), a
 * value that is not a session id, or a host the domain does not cover; nor
 * on a refusal, so a request the relay did not take changes no cookie.
 */
export function refreshSessionCookie(request: Request, response: Response, domain = ''): Response {
  if (!response.ok) return response;
  const ids = sessionCookies(request.headers.get('cookie'));
  if (ids.length !== 1 || !sessionId.test(ids[0]!)) return response;
  const url = new URL(request.url);
  if (domain && !domainMatches(url.hostname, domain)) return response;
  const refreshed = new Response(response.body, response);
  const attributes = [`rrsid=${ids[0]}`, `Max-Age=${oneYearSeconds}`, 'Path=/', 'SameSite=Lax'];
  if (domain) attributes.push(`Domain=${domain}`);
  if (url.protocol === 'https:') attributes.push('Secure');
  refreshed.headers.append('set-cookie', attributes.join('; '));
  return refreshed;
}
