import { startStack, testPorts } from '../scripts/stack.ts';

/**
 * Starts the local upstream, the relay under `wrangler dev` and the demo store
 * on test ports, and tells the specs where they are through the environment.
 */
export default async function globalSetup() {
  const stack = await startStack({ ...testPorts(), upstream: { latencyMs: 20 } });
  process.env.DEMO_URL = stack.demo.url;
  process.env.RELAY_URL = stack.relayUrl;
  process.env.UPSTREAM_URL = stack.upstream.url;
  process.env.RR_API_KEY_UNDER_TEST = stack.apiKey;
  process.env.RR_PARTNER_ID = stack.partnerId;
  process.env.RELAY_HEALTH_TOKEN = stack.healthToken;
  return () => stack.stop();
}
