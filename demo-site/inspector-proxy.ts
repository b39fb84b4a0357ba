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
  '/inspector/dead-letters': '/admin/dead-letters',
};

/** The inspector's actions (the only writes it proxies), by its own path, and the relay endpoint each one posts to. */
export const inspectorActions: Readonly<Record<string, string>> = {
  '/inspector/dead-letters/replay': '/admin/dead-letters/replay',
  '/inspector/dead-letters/drop': '/admin/dead-letters/drop',
};

const deadLetterId = /^\d{1,3}\.\d{1,15}$/;

/**
 * The body an action sends the relay: only `ids`, 1 to 1,000 dead letter ids, re-serialized, so the
 * page can name dead letters but not widen a selection; `undefined` for anything else.
 */
export function actionBody(text: string): string | undefined {
  let ids: unknown;
  try {
    ids = (JSON.parse(text) as { ids?: unknown })?.ids;
  } catch {
    return undefined;
  }
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 1000 || !ids.every((id) => typeof id === 'string' && deadLetterId.test(id))) return undefined;
  return JSON.stringify({ ids });
}

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
 * Reads one inspector feed from the relay with `Authorization: Bearer <token>`,
 * or posts an action's JSON `body`. The relay's answer (including its 401 when
 * the token is wrong) is passed on; a relay that does not answer becomes a 502 with the reason.
 */
export async function fetchRelayAdmin(url: URL, admin: RelayAdmin, timeoutMs = 5000, body?: string): Promise<ProxiedAnswer> {
  try {
    const headers: Record<string, string> = { authorization: `Bearer ${admin.healthToken}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, { method: body === undefined ? 'GET' : 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'connection failed';
    return { status: 502, body: JSON.stringify({ error: { status: 502, field: 'relay', reason: `the relay at ${admin.relayUrl} could not be read: ${reason}` } }) };
  }
}
