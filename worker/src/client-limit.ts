/** Why a client was refused by the abuse limit. */
export interface ClientLimitRefusal {
  /** `ip` or `sessionExternalId`. */
  field: string;
  reason: string;
}

/** Seconds a limited client is told to wait (the binding's period). */
export const clientLimitRetryAfter = 60;

/**
 * Counts one ingest request against the per-IP limit (the `IP_LIMITER`
 * Rate Limiting binding, counted per Cloudflare location). Returns the refusal
 * when the IP is over it. `enabled` false (`CLIENT_LIMIT=off`) turns it off.
 */
export async function limitIp(limiter: RateLimit, ip: string | null, enabled: boolean): Promise<ClientLimitRefusal | undefined> {
  if (!enabled || !ip) return undefined;
  const { success } = await limiter.limit({ key: `ip:${ip}` });
  return success ? undefined : { field: 'ip', reason: `too many requests from this address; try again in ${clientLimitRetryAfter} s` };
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
