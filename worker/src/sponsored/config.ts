import { listSetting, numberSetting } from '../config.ts';

/** The Sponsored Products settings of the relay, read from the Worker's vars. */
export interface SponsoredConfig {
  /** How long a 200 impression is served from the edge cache without asking the upstream (`SP_FRESH_SECONDS`). */
  freshMs: number;
  /** How long a 204 (nothing to show) is served from the cache (`SP_EMPTY_SECONDS`): the negative cache. */
  emptyMs: number;
  /** After `freshMs`, how long a stale impression is still served at once while one refresh runs behind it (`SP_STALE_WHILE_REVALIDATE_SECONDS`). */
  staleWhileRevalidateMs: number;
  /** After `freshMs`, how long a stale impression may stand in when the upstream fails, is slow or says 429 (`SP_STALE_IF_ERROR_SECONDS`). */
  staleIfErrorMs: number;
  /** How long a request waits for the upstream before it is answered with a stale impression or a 204 (`SP_BUDGET_MS`). */
  budgetMs: number;
  /** Upstream calls per second per partner, across all isolates (`SP_RATE_LIMIT`; Retail Rocket's default is 50). */
  ratePerSecond: number;
  /**
   * Placements whose answer is not personal, so one cached answer serves every
   * session (`SP_SHARED_PLACEMENTS`: comma-separated `kind/placementId`). A
   * bare placement id is not taken: it would share the answers of every kind.
   */
  sharedPlacements: ReadonlySet<string>;
}

/** The subset of the environment this module reads. */
export interface SponsoredVars {
  SP_FRESH_SECONDS?: string;
  SP_EMPTY_SECONDS?: string;
  SP_STALE_WHILE_REVALIDATE_SECONDS?: string;
  SP_STALE_IF_ERROR_SECONDS?: string;
  SP_BUDGET_MS?: string;
  SP_RATE_LIMIT?: string;
  SP_SHARED_PLACEMENTS?: string;
}

/** The defaults, also written in wrangler.jsonc and the README. */
export const sponsoredDefaults = {
  freshSeconds: 60,
  emptySeconds: 30,
  staleWhileRevalidateSeconds: 300,
  staleIfErrorSeconds: 3600,
  budgetMs: 300,
  ratePerSecond: 50,
} as const;

/** Reads the Sponsored Products settings; a missing or unparsable value falls back to its default. */
export function sponsoredConfig(env: SponsoredVars): SponsoredConfig {
  const d = sponsoredDefaults;
  return {
    freshMs: numberSetting(env.SP_FRESH_SECONDS, d.freshSeconds, { min: 0 }) * 1000,
    emptyMs: numberSetting(env.SP_EMPTY_SECONDS, d.emptySeconds, { min: 0 }) * 1000,
    staleWhileRevalidateMs: numberSetting(env.SP_STALE_WHILE_REVALIDATE_SECONDS, d.staleWhileRevalidateSeconds, { min: 0 }) * 1000,
    staleIfErrorMs: numberSetting(env.SP_STALE_IF_ERROR_SECONDS, d.staleIfErrorSeconds, { min: 0 }) * 1000,
    budgetMs: numberSetting(env.SP_BUDGET_MS, d.budgetMs, { min: 1 }),
    ratePerSecond: numberSetting(env.SP_RATE_LIMIT, d.ratePerSecond, { min: 1 }),
    // Only kind/placementId: a bare id would share every kind's answers.
    sharedPlacements: new Set([...listSetting(env.SP_SHARED_PLACEMENTS)].filter((item) => /^[A-Za-z]+\/[^/]+$/.test(item))),
  };
}
