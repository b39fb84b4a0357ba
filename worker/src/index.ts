import { app } from './app.ts';
import { wakeShards } from './buffer/wake-shards.ts';
import { keepSecretsOut } from './redact.ts';

export { VisitorBuffer } from './buffer/visitor-buffer.ts';
export { UpstreamRateLimiter } from './rate-limit/upstream-rate-limiter.ts';
export { SponsoredFlight } from './sponsored/durable-objects.ts';

/** The rrelay Worker: {@link app} answers requests; a cron wakes the buffer. */
export default {
  fetch: app.fetch,

  /** Once a minute: wakes every buffer shard, a backstop for a lost alarm. */
  async scheduled(_controller, env): Promise<void> {
    keepSecretsOut(env);
    await wakeShards(env);
  },
} satisfies ExportedHandler<Env>;
