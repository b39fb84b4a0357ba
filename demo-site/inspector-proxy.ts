/** Where the inspector's proxy finds the relay, and the token it keeps from the page. */
export interface RelayAdmin {
  /** The relay's origin, e.g. `http://127.0.0.1:8787` or `https://relay.shop.example`. */
  relayUrl: string;
  /** The relay's `HEALTH_TOKEN`; sent to the relay only, never to the page. */
  healthToken: string;
}

/** The inspector's feeds, by its own path, and the relay endpoint each one reads. */
export const inspectorFeeds: Readonly<Record<string, string>> = {
  '/inspector/activity': '/admin/activity',
  '/inspector/health': '/health/report',
};

/**
 * The relay URL a feed request is proxied to, or `undefined` when the path is
 * not a feed. Only `limit` and `since`, as digits, are passed on: the page
 * cannot make the token reach any other endpoint or query.
 */
export function relayAdminUrl(pathname: string, search: URLSearchParams, relayUrl: string): URL | undefined {
  const target = inspectorFeeds[pathname];
  if (!target) return undefined;
  const url = new URL(target, relayUrl);
  for (const name of ['limit', 'since']) {
    const value = search.get(name);
    if (value && /^\d{1,16}$/.test(value)) url.searchParams.set(name, value);
  }
  return url;
}

/** A proxied answer: the relay's status and JSON body, or a 502 naming why the relay could not be read. */
export interface ProxiedAnswer {
  status: number;
  body: string;
}

/**
 * Reads one inspector feed from the relay with `Authorization: Bearer <token>`.
 * The relay's answer (including its 401 when the token is wrong) is passed on;
 * a relay that does not answer becomes a 502 with the reason.
 */
export async function fetchRelayAdmin(url: URL, admin: RelayAdmin, timeoutMs = 5000): Promise<ProxiedAnswer> {
  try {
    const response = await fetch(url, { headers: { authorization: `Bearer ${admin.healthToken}` }, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'connection failed';
    return { status: 502, body: JSON.stringify({ error: { status: 502, field: 'relay', reason: `the relay at ${admin.relayUrl} could not be read: ${reason}` } }) };
  }
}
