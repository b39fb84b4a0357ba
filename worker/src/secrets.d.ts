// Secrets are not in wrangler.jsonc, so `wrangler types` cannot see them.
declare namespace Cloudflare {
  interface Env {
    /** Retail Rocket's secret key: `wrangler secret put RR_API_KEY`. */
    RR_API_KEY: string;
  }
}
interface Env {
  /** Retail Rocket's secret key: `wrangler secret put RR_API_KEY`. */
  RR_API_KEY: string;
}
