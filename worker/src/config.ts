/** The relay's settings, read once per request from the Worker's environment. */
export interface RelayConfig {
  /** The secret Retail Rocket key. Never logged, echoed or returned. */
  apiKey: string;
  /** Partner ids this relay serves; any other gets 403. */
  partnerIds: ReadonlySet<string>;
  /** Base URL of the tracking API, ending in `/`. */
  trackingUrl: string;
  /** Base URL of the Sponsored Products API, ending in `/`. */
  sponsoredUrl: string;
  /** Origins allowed to call from a browser; `'*'` allows any. */
  allowedOrigins: ReadonlySet<string> | '*';
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
const list = (value: string | undefined) =>
  new Set((value ?? '').split(',').map((item) => item.trim()).filter(Boolean));

/** Reads the relay's settings from the environment (vars and the `RR_API_KEY` secret). */
export function relayConfig(env: Env): RelayConfig {
  return {
    apiKey: env.RR_API_KEY ?? '',
    partnerIds: list(env.RR_PARTNER_ID),
    trackingUrl: withSlash(env.RR_TRACKING_URL || 'https://apptracking.retailrocket.net/1.0/'),
    sponsoredUrl: withSlash(env.RR_SP_URL || 'https://visitors-sp.retailrocket.net/v1/'),
    allowedOrigins: env.ALLOWED_ORIGINS?.trim() === '*' ? '*' : list(env.ALLOWED_ORIGINS),
  };
}
