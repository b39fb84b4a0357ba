// Secrets are not in wrangler.jsonc, so `wrangler types` cannot see them; nor can it see the optional
// RELAY_METRICS binding, which wrangler.jsonc has only as a commented-out example.
declare namespace Cloudflare {
  interface Env {
    /** Retail Rocket's secret key: `wrangler secret put RR_API_KEY`. */
    RR_API_KEY: string;
    /** Several stores' own keys, a JSON object by partner id: `wrangler secret put RR_PARTNER_KEYS`. */
    RR_PARTNER_KEYS?: string;
    /** Bearer token for `GET /health/report` and `GET /admin/…`: `wrangler secret put HEALTH_TOKEN`. */
    HEALTH_TOKEN?: string;
    /** eSputnik's optional API key, sent as HTTP Basic auth: `wrangler secret put ESPUTNIK_API_KEY`. */
    ESPUTNIK_API_KEY?: string;
    /** The optional Workers Analytics Engine dataset for the relay's numbers (`analytics_engine_datasets` in wrangler.jsonc). */
    RELAY_METRICS?: AnalyticsEngineDataset;
  }
}
interface Env {
  /** Retail Rocket's secret key: `wrangler secret put RR_API_KEY`. */
  RR_API_KEY: string;
  /** Several stores' own keys, a JSON object by partner id: `wrangler secret put RR_PARTNER_KEYS`. */
  RR_PARTNER_KEYS?: string;
  /** Bearer token for `GET /health/report` and `GET /admin/…`: `wrangler secret put HEALTH_TOKEN`. */
  HEALTH_TOKEN?: string;
  /** eSputnik's optional API key, sent as HTTP Basic auth: `wrangler secret put ESPUTNIK_API_KEY`. */
  ESPUTNIK_API_KEY?: string;
  /** The optional Workers Analytics Engine dataset for the relay's numbers (`analytics_engine_datasets` in wrangler.jsonc). */
  RELAY_METRICS?: AnalyticsEngineDataset;
}
