import { randomId } from './random-id.ts';

/** The first-party cookie that keeps the visitor's `sessionExternalId`. */
export const sessionCookieName = 'rrsid';

const oneYearSeconds = 31536000;
const validId = /^[A-Za-z0-9]{1,50}$/;

/** Where the session cookie is scoped. */
export interface SessionCookieOptions {
  /** e.g. `.example.com` to share the id across subdomains. */
  cookieDomain?: string;
}

/** Reads the visitor id from the session cookie, if there is a valid one. */
export function readSessionCookie(): string | undefined {
  const match = document.cookie.match(/(?:^|;\s*)rrsid=([A-Za-z0-9]{1,50})(?:;|$)/);
  return match?.[1];
}

/** Writes (or refreshes) the session cookie: one year, `SameSite=Lax`, `Secure` on https. */
export function writeSessionCookie(id: string, options: SessionCookieOptions = {}): void {
  document.cookie =
    `${sessionCookieName}=${id};max-age=${oneYearSeconds};path=/;SameSite=Lax` +
    (options.cookieDomain ? `;domain=${options.cookieDomain}` : '') +
    (location.protocol === 'https:' ? ';Secure' : '');
}

/**
 * The visitor's `sessionExternalId`: the one given by the site (from server
 * rendering or a native app) if valid, else the cookie's, else a new random one.
 * The id is kept in the cookie so it stays the same across pages and logins.
 */
export function visitorSession(given?: string, options: SessionCookieOptions = {}): string {
  const id = (given && validId.test(given) ? given : undefined) ?? readSessionCookie() ?? randomId();
  writeSessionCookie(id, options);
  return id;
}
