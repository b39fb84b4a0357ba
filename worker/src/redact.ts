import { partnerSetting } from './config.ts';
const email = /[^\s"'<>@,;:]+@[^\s"'<>@,;:]+\.[A-Za-z]{2,}/g;
const phone = /\+\d[\d\s().-]{6,}\d|\(\d{3}\)[\d\s.-]{6,}\d/g;
// A key in a query string, whatever its value (an upstream quoting its own request URL).
const apiKeyParameter = /(api_?key=)[^&\s"'<>]+/gi;
const credentials = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/g;
/** Shorter values are not scrubbed as secrets: they would blank ordinary words. */
const minSecretLength = 6;

/** The relay's secrets (apiKeys, tokens), registered by {@link keepSecretsOut}. */
const registered = new Set<string>();
const patterns = new Map<string, RegExp>();

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());

/**
 * Every form in which a secret can come back in an upstream's body or a URL:
 * as is, percent-encoded (both the URI-component and the form spelling, in
 * upper- and lower-case hex), JSON-escaped, and inside the HTTP Basic
 * credentials the relay sends eSputnik.
 */
function spellings(secret: string): string[] {
  const component = encodeURIComponent(secret);
  const form = new URLSearchParams([['k', secret]]).toString().slice(2);
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [secret, component, lowerHex(component), form, lowerHex(form), json, json.replaceAll('/', '\\/'), btoa(`rrelay:${secret}`)];
  return [...new Set(forms)];
}

function secretPattern(secrets: readonly string[]): RegExp | undefined {
  const usable = [...new Set(secrets)].filter((secret) => secret.length >= minSecretLength).sort();
  if (usable.length === 0) return undefined;
  const cacheKey = usable.join('\n');
  let pattern = patterns.get(cacheKey);
  if (!pattern) {
    const forms = usable.flatMap(spellings).sort((a, b) => b.length - a.length);
    pattern = new RegExp(forms.map(escapeRegExp).join('|'), 'g');
    patterns.set(cacheKey, pattern);
  }
  return pattern;
}

/**
 * Registers the relay's secrets from its environment (`RR_API_KEY`, every key
 * of `RR_PARTNER_KEYS`, `ESPUTNIK_API_KEY`, `HEALTH_TOKEN`), so that {@link redact} removes them from
 * every log line and stored text. Called where the environment arrives: the
 * Worker's handlers and each Durable Object's constructor.
 */
export function keepSecretsOut(env: Partial<Record<'RR_API_KEY' | 'RR_PARTNER_KEYS' | 'ESPUTNIK_API_KEY' | 'HEALTH_TOKEN', string>>): void {
  for (const secret of [env.RR_API_KEY, env.ESPUTNIK_API_KEY, env.HEALTH_TOKEN, ...partnerSetting('RR_PARTNER_KEYS', env.RR_PARTNER_KEYS).entries.values()]) {
    if (secret) registered.add(secret);
  }
}

/**
 * The one redaction path for text that leaves the relay's code (log lines,
 * stored reasons, activity entries): removes the registered secrets and
 * `extraSecrets` in every spelling, any `apiKey=` query value and HTTP
 * credentials, and anything that looks like an email address or a phone
 * number, so neither keys nor personal data are kept or logged.
 */
export function redact(text: string, extraSecrets: readonly string[] = []): string {
  const secrets = secretPattern([...registered, ...extraSecrets]);
  const scrubbed = secrets ? text.replace(secrets, '[secret]') : text;
  return scrubbed.replace(apiKeyParameter, '$1[secret]').replace(credentials, '$1 [secret]').replace(email, '[email]').replace(phone, '[phone]');
}
