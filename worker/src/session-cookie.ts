const oneYearSeconds = 31536000;

/**
 * Refreshes the visitor's `rrsid` session cookie for a year with a `Set-Cookie`
 * header on the relay's response. Safari caps cookies written by scripts at
 * 7 days, but not those set by the site's own server: a browser only sends the
 * `SameSite=Lax` cookie with the tracker's requests when the relay is on the
 * store's own site (a route such as `shop.example/1.0/*`), so its presence is
 * the sign that the refresh is first-party. Anything else passes unchanged.
 */
export function refreshSessionCookie(request: Request, response: Response): Response {
  const id = request.headers.get('cookie')?.match(/(?:^|;\s*)rrsid=([A-Za-z0-9]{1,50})(?:;|$)/)?.[1];
  if (!id) return response;
  const refreshed = new Response(response.body, response);
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  refreshed.headers.append('set-cookie', `rrsid=${id}; Max-Age=${oneYearSeconds}; Path=/; SameSite=Lax${secure}`);
  return refreshed;
}
