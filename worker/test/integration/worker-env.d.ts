// Node tests that call Worker modules directly (a destination's `send`) need the
// name `Env`; the Worker's generated declaration (worker-configuration.d.ts) is
// for workerd's types and cannot be mixed with Node's. Tests pass plain objects
// holding the vars those modules read.
interface Env extends Partial<Record<
  | 'RR_API_KEY' | 'RR_PARTNER_ID' | 'RR_PARTNER_KEYS' | 'RR_PARTNER_ORIGINS' | 'RR_TRACKING_URL' | 'RR_SP_URL' | 'ALLOWED_ORIGINS' | 'SESSION_COOKIE_DOMAIN' | 'HEALTH_TOKEN'
  | 'UPSTREAM_RPS' | 'BATCH_SIZE' | 'BATCH_MAX_WAIT_MS' | 'BUFFER_SHARDS' | 'RETENTION_HOURS' | 'HELD_RETENTION_HOURS' | 'MAX_PENDING_PER_SHARD'
  | 'DEDUPE_HOURS' | 'RETRY_BASE_MS' | 'RETRY_MAX_MS' | 'AUTH_RETRY_SECONDS' | 'CLIENT_LIMIT' | 'BOT_FILTER'
  | 'ESPUTNIK_SITE_ID' | 'ESPUTNIK_SITE_IDS' | 'ESPUTNIK_URL' | 'ESPUTNIK_API_KEY' | 'ESPUTNIK_RPS',
  string
>> {}
