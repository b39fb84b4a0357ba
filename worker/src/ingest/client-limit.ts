/** Why a client was refused by the abuse limit. */
export interface ClientLimitRefusal {
  /** `ip` or `sessionExternalId`. */
  field: string;
  reason: string;
}

/** Seconds a limited client is told to wait (the binding's period). */
export const clientLimitRetryAfter = 60;

/** Events counted as one against the per-IP event limit: a tracker beacon rarely holds more. */
export const eventsPerUnit = 10;

/**
 * Counts one request against a per-IP limit (a Rate Limiting binding:
 * `IP_LIMITER` for ingest, `SP_IP_LIMITER` for impressions; counted per
 * Cloudflare location). Returns the refusal when the IP is over it, with the
 * seconds to wait. `enabled` false (`CLIENT_LIMIT=off`) turns it off.
 */
export async function limitIp(limiter: RateLimit, ip: string | null, enabled: boolean, retryAfter = clientLimitRetryAfter): Promise<ClientLimitRefusal | undefined> {
  if (!enabled || !ip) return undefined;
  const { success } = await limiter.limit({ key: `ip:${ip}` });
  return success ? undefined : { field: 'ip', reason: `too many requests from this address; try again in ${retryAfter} s` };
}

/**
 * Counts a request's events against the per-IP event limit (`IP_EVENT_LIMITER`),
 * one unit per {@link eventsPerUnit} events, so an address is held to what it
 * sends however it spreads it: over many made-up visitor ids, or 500 visitors
 * in one request. Returns the refusal when the IP is over it.
 */
export async function limitIpEvents(limiter: RateLimit, ip: string | null, events: number, enabled: boolean): Promise<ClientLimitRefusal | undefined> {
  if (!enabled || !ip || events === 0) return undefined;
  const units = Math.ceil(events / eventsPerUnit);
  const answers = await Promise.all(Array.from({ length: units }, () => limiter.limit({ key: `ip-events:${ip}` })));
  if (answers.every((answer) => answer.success)) return undefined;
  return { field: 'ip', reason: `too many events from this address; try again in ${clientLimitRetryAfter} s` };
}

/**
 * Counts one request against the per-visitor limit for each visitor it holds
 * events of, and returns the visitors that are over it, so only their events
 * are refused and the other visitors' events of the same request are kept.
 */
export async function limitVisitors(limiter: RateLimit, visitors: Iterable<string>, enabled: boolean): Promise<Set<string>> {
  const over = new Set<string>();
  if (!enabled) return over;
  await Promise.all(
    [...visitors].map(async (visitor) => {
      const { success } = await limiter.limit({ key: `visitor:${visitor}` });
      if (!success) over.add(visitor);
    }),
  );
  return over;
}
