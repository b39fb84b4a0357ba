/** The relay's settings, read once per request from the Worker's environment. */
export interface RelayConfig {
  /** Partner ids this relay serves (`RR_PARTNER_ID` and the partners of `RR_PARTNER_KEYS`); any other gets 403. */
  partnerIds: ReadonlySet<string>;
  /**
   * Each served partner's secret Retail Rocket key: its own from `RR_PARTNER_KEYS`, else `RR_API_KEY`.
   * A served partner without one is refused with a 403 naming it. Never logged, echoed or returned.
   */
  partnerKeys: ReadonlyMap<string, string>;
  /** Why `RR_PARTNER_KEYS` or `RR_PARTNER_ORIGINS` could not be read, for the health report; empty when both are fine. */
  settingProblems: readonly string[];
  /** A partner's own browser origins (`RR_PARTNER_ORIGINS`), in place of `allowedOrigins` for its requests. */
  partnerOrigins: ReadonlyMap<string, ReadonlySet<string> | '*'>;
  /** Base URL of the tracking API, ending in `/`. */
  trackingUrl: string;
  /** Base URL of the Sponsored Products API, ending in `/`. */
  sponsoredUrl: string;
  /** Origins allowed to call from a browser; `'*'` allows any. */
  allowedOrigins: ReadonlySet<string> | '*';
  /** The `Domain` of the session cookie the relay refreshes: the tracker's `cookieDomain` (`SESSION_COOKIE_DOMAIN`); empty for host-only. */
  sessionCookieDomain: string;
  /** Whether events from known bots' browsers are answered 2xx, counted and not forwarded (`BOT_FILTER`, on by default). */
  botFilter: boolean;
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/**
 * Reads a number from one of the relay's vars: `fallback` when it is missing,
 * not a number, or out of range (by default it must be above 0; `min` makes
 * the bound inclusive, e.g. 0 for a cache time that may be off), and at most
 * `max`. The one way the relay reads a number setting.
 */
export function numberSetting(value: string | undefined, fallback: number, range: { min?: number; max?: number } = {}): number {
  const number = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
  const inRange = range.min === undefined ? number > 0 : number >= range.min;
  return Number.isFinite(number) && inRange ? Math.min(number, range.max ?? Number.MAX_SAFE_INTEGER) : fallback;
}

/** Reads an `on`/`off` switch from one of the relay's vars: `fallback` unless it says the other. The one way the relay reads a switch. */
export function switchSetting(value: string | undefined, fallback: boolean): boolean {
  const word = (value ?? '').trim().toLowerCase();
  if (word === 'off') return false;
  if (word === 'on') return true;
  return fallback;
}

/** Reads a comma-separated list from one of the relay's vars: its trimmed, non-empty items. The one way the relay reads a list. */
export function listSetting(value: string | undefined): Set<string> {
  return new Set((value ?? '').split(',').map((item) => item.trim()).filter(Boolean));
}

/** Origins as `ALLOWED_ORIGINS` spells them: `*`, or a comma-separated list. */
const originsSetting = (value: string | undefined): ReadonlySet<string> | '*' => (value?.trim() === '*' ? '*' : listSetting(value));

/**
 * Reads a JSON object of strings by partner id (`{"<partnerId>": "<value>"}`),
 * the one way the relay reads a per-partner setting: the entries, and a
 * problem (naming the setting, never its values) when it is not such an object.
 */
export function partnerSetting(name: string, value: string | undefined): { entries: ReadonlyMap<string, string>; problem?: string } {
  if (!value?.trim()) return { entries: new Map() };
  // Read on every request and every accept (config, redaction, destinations): each value is parsed once per isolate.
  const key = `${name}\n${value}`;
  let read = partnerSettingsRead.get(key);
  if (!read) partnerSettingsRead.set(key, (read = parsePartnerSetting(name, value)));
  return read;
}

/** {@link partnerSetting}'s readings by name and value: a deployment has a handful. */
const partnerSettingsRead = new Map<string, { entries: ReadonlyMap<string, string>; problem?: string }>();

function parsePartnerSetting(name: string, value: string): { entries: ReadonlyMap<string, string>; problem?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { entries: new Map(), problem: `${name} is not JSON; it must be an object of strings by partner id` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((item) => typeof item !== 'string' || !item.trim())) {
    return { entries: new Map(), problem: `${name} must be a JSON object of non-empty strings by partner id` };
  }
  return { entries: new Map(Object.entries(parsed as Record<string, string>).map(([partner, item]) => [partner.trim(), item.trim()])) };
}

/** Reads the relay's settings from the environment (vars and the `RR_API_KEY` / `RR_PARTNER_KEYS` secrets). */
export function relayConfig(env: Env): RelayConfig {
  const listed = listSetting(env.RR_PARTNER_ID);
  const ownKeys = partnerSetting('RR_PARTNER_KEYS', env.RR_PARTNER_KEYS);
  const ownOrigins = partnerSetting('RR_PARTNER_ORIGINS', env.RR_PARTNER_ORIGINS);
  const partnerKeys = new Map<string, string>();
  for (const partner of listed) if (env.RR_API_KEY) partnerKeys.set(partner, env.RR_API_KEY);
  for (const [partner, key] of ownKeys.entries) partnerKeys.set(partner, key);
  return {
    partnerIds: new Set([...listed, ...ownKeys.entries.keys()]),
    partnerKeys,
    settingProblems: [ownKeys.problem, ownOrigins.problem].filter((problem): problem is string => problem !== undefined),
    partnerOrigins: new Map([...ownOrigins.entries].map(([partner, origins]) => [partner, originsSetting(origins)])),
    trackingUrl: withSlash(env.RR_TRACKING_URL || 'https://apptracking.retailrocket.net/1.0/'),
    sponsoredUrl: withSlash(env.RR_SP_URL || 'https://visitors-sp.retailrocket.net/v1/'),
    allowedOrigins: originsSetting(env.ALLOWED_ORIGINS),
    sessionCookieDomain: env.SESSION_COOKIE_DOMAIN?.trim() ?? '',
    botFilter: switchSetting(env.BOT_FILTER, true),
  };
}

/** The buffer's settings: batching, retries, retention and limits (see wrangler.jsonc for each one's meaning). */
export interface BufferSettings {
  /** Upstream calls per second per partner and destination, across the whole relay. */
  upstreamRps: number;
  /** Most events in one `visitorEvents` call (Retail Rocket takes up to 500). */
  batchSize: number;
  /** Longest an accepted event waits for its batch to fill, in milliseconds. */
  maxWaitMs: number;
  /** Buffer Durable Objects the events are spread over, by visitor. */
  shards: number;
  /** How long an event is retried before it is dead-lettered. */
  retentionMs: number;
  /** How long events held for a destination that refuses the key (401/403) are kept for a person to fix it. */
  heldRetentionMs: number;
  /** Pending rows one shard may hold before it refuses new events with a 503 (`MAX_PENDING_PER_SHARD`). */
  maxPendingPerShard: number;
  /** How long an event id is remembered to drop duplicates. */
  dedupeMs: number;
  /** First retry delay and the cap of the exponential backoff. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a destination that answered 401/403 waits before it is tried again. */
  authRetryMs: number;
  /** Whether the per-IP and per-visitor abuse limit is on (`CLIENT_LIMIT=off` turns it off). */
  clientLimit: boolean;
}

/** Reads the buffer's settings from the Worker's vars, falling back to the documented defaults. */
export function bufferSettings(env: Env): BufferSettings {
  return {
    upstreamRps: numberSetting(env.UPSTREAM_RPS, 50),
    batchSize: Math.floor(numberSetting(env.BATCH_SIZE, 200, { max: 500 })),
    maxWaitMs: numberSetting(env.BATCH_MAX_WAIT_MS, 1000),
    shards: Math.floor(numberSetting(env.BUFFER_SHARDS, 4, { max: 256 })),
    retentionMs: numberSetting(env.RETENTION_HOURS, 24) * 3_600_000,
    heldRetentionMs: numberSetting(env.HELD_RETENTION_HOURS, 168) * 3_600_000,
    maxPendingPerShard: Math.floor(numberSetting(env.MAX_PENDING_PER_SHARD, 1_000_000)),
    dedupeMs: numberSetting(env.DEDUPE_HOURS, 24) * 3_600_000,
    retryBaseMs: numberSetting(env.RETRY_BASE_MS, 1000),
    retryMaxMs: numberSetting(env.RETRY_MAX_MS, 300_000),
    authRetryMs: numberSetting(env.AUTH_RETRY_SECONDS, 60) * 1000,
    clientLimit: switchSetting(env.CLIENT_LIMIT, true),
  };
}
