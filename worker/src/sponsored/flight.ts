import { DurableObject } from 'cloudflare:workers';
import { relayConfig } from '../config.ts';
import { keepSecretsOut, redact } from '../redact.ts';
import { sponsoredConfig } from './config.ts';
import { retryAfterMs as readRetryAfter } from '../retry-after.ts';
import { defaultRetryAfterMs } from './retry-after-gate.ts';

/** What one upstream call came to, in a form that crosses a Durable Object RPC. */
export interface UpstreamOutcome {
  /** The upstream's status; 0 when it could not be reached; 429 also when our own limiter refused. */
  status: number;
  /** The body of a 200. */
  body?: string;
  /** With 429: how long not to call again. */
  retryAfterMs?: number;
  /**
   * With 429: the upstream itself asked the partner's calls to wait (its
   * `Retry-After`), so no isolate should ask before then. Not set when only
   * this second's calls were taken: the next visitor may well get one.
   */
  partnerPaused?: boolean;
  /** Why there is no answer, for the logs. */
  detail?: string;
}

/** The hard limit of one upstream call; the per-request budget (`SP_BUDGET_MS`) is far shorter. */
const upstreamTimeoutMs = 10_000;
/**
 * How long a finished call's answer is handed to late joiners: another isolate's
 * miss can arrive after the call ended but before the first isolate's cache write lands.
 */
const lateJoinMs = 1000;

/**
 * Durable Object, one per edge-cache key (`idFromName(cacheKey)`): the
 * cross-isolate half of single-flight. Concurrent misses for the same key from
 * any isolate arrive here and share one upstream call, which first takes a token
 * from the relay's one limiter (`UpstreamRateLimiter`, named `sponsored:{partnerId}`).
 */
export class SponsoredFlight extends DurableObject<Env> {
  #running: Promise<UpstreamOutcome> | undefined;
  #last: { outcome: UpstreamOutcome; at: number } | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    keepSecretsOut(env);
  }

  /** Fetches `pathAndQuery` (relative to `RR_SP_URL`, without the key) from the upstream, or joins the fetch already running (or just finished). */
  fetchImpression(partnerId: string, pathAndQuery: string): Promise<UpstreamOutcome> {
    if (this.#last && Date.now() - this.#last.at < lateJoinMs) return Promise.resolve(this.#last.outcome);
    this.#running ??= this.#call(partnerId, pathAndQuery).then((outcome) => {
      this.#running = undefined;
      // Only answers worth caching are handed on; a failure may be retried at once.
      if (outcome.status === 200 || outcome.status === 204) this.#last = { outcome, at: Date.now() };
      return outcome;
    });
    return this.#running;
  }

  async #call(partnerId: string, pathAndQuery: string): Promise<UpstreamOutcome> {
    // The relay's one limiter, keyed by what it limits: this partner's Sponsored Products calls.
    const limiter = this.env.UPSTREAM_LIMITER.getByName(`sponsored:${partnerId}`);
    const permit = await limiter.acquire(sponsoredConfig(this.env).ratePerSecond, false);
    if (permit.waitMs > 0) return { status: 429, retryAfterMs: permit.waitMs, detail: 'relay rate limit', partnerPaused: permit.paused };

    const config = relayConfig(this.env);
    const apiKey = config.partnerKeys.get(partnerId);
    if (!apiKey) return { status: 0, detail: 'no apiKey for this partner' };
    const url = new URL(pathAndQuery, config.sponsoredUrl);
    url.searchParams.set('apiKey', apiKey);
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(upstreamTimeoutMs) });
    } catch (error) {
      return { status: 0, detail: (error as Error).name };
    }
    if (response.status === 200) return { status: 200, body: await response.text() };
    const detail = redact((await response.text()).slice(0, 2000), [apiKey]).slice(0, 200);
    if (response.status === 429) {
      const retryAfterMs = readRetryAfter(response.headers.get('retry-after')) ?? defaultRetryAfterMs;
      await limiter.pause(Date.now() + retryAfterMs);
      return { status: 429, retryAfterMs, detail, partnerPaused: true };
    }
    return { status: response.status, detail };
  }
}
