import { startStack, testPorts } from '../scripts/stack.ts';
import { startFixtureServer } from './fixture-server.ts';

/**
 * Starts the local upstream, the relay under `wrangler dev`, the demo store and the tracker's
 * fixture pages on test ports, and tells the specs where they are through the environment. The
 * relay allows the fixture pages' origin beside the demo store's.
 */
export default async function globalSetup() {
  const ports = testPorts();
  const partnerId = '608423a9b126ac6ab3f8f0a5';
  const fixtures = await startFixtureServer({ port: ports.demoPort + 3, relayUrl: `http://127.0.0.1:${ports.relayPort}`, partnerId });
  const demoOrigins = `http://127.0.0.1:${ports.demoPort},http://localhost:${ports.demoPort}`;
  const stack = await startStack({ ...ports, partnerId, upstream: { latencyMs: 20 }, relayVars: { ALLOWED_ORIGINS: `${demoOrigins},${fixtures.url}` } });
  process.env.DEMO_URL = stack.demo.url;
  process.env.FIXTURE_URL = fixtures.url;
  process.env.RELAY_URL = stack.relayUrl;
  process.env.UPSTREAM_URL = stack.upstream.url;
  process.env.RR_API_KEY_UNDER_TEST = stack.apiKey;
  process.env.RR_PARTNER_ID = stack.partnerId;
  process.env.RELAY_HEALTH_TOKEN = stack.healthToken;
  return async () => {
    await stack.stop();
    await fixtures.close();
  };
}
