/** Reads the visitor id from the session cookie `rrsid` (letters and digits, at most 50), if there is a valid one. */
export function readSessionCookie(): string | undefined {
  return document.cookie.match(/(^|; *)rrsid=([A-Za-z0-9]{1,50})(;|$)/)?.[2];
}

/**
 * Writes the session cookie for a year, or deletes it when `id` is empty:
 * `path=/`, `SameSite=Lax`, `Secure` on https, and `domain` when given, e.g.
 * `.example.com` to share the id across subdomains.
 */
export function writeSessionCookie(id: string, domain?: string): void {
  document.cookie =
    `rrsid=${id};max-age=${id ? 31536000 : 0};path=/;SameSite=Lax` + (domain ? ';domain=' + domain : '') + (location.protocol == 'https:' ? ';Secure' : '');
}
