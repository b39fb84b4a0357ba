// Runs the local upstream from the command line:
//   node local-upstream/main.ts [--port 8788] [--latency 100]
// The apiKey and partner ids come from RR_API_KEY and RR_PARTNER_ID.
import { parseArgs } from 'node:util';
import { startLocalUpstream } from './local-upstream.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8788' }, latency: { type: 'string', default: '100' } } });
const upstream = await startLocalUpstream({
  port: Number(values.port),
  apiKey: process.env.RR_API_KEY ?? 'local-dev-api-key',
  partnerIds: (process.env.RR_PARTNER_ID ?? '608423a9b126ac6ab3f8f0a5').split(','),
  behaviour: { latencyMs: Number(values.latency) },
});
console.log(`local upstream on ${upstream.url}`);
