// `pnpm dev`: the demo store, the relay and the local upstream, until Ctrl-C.
import { startStack } from './stack.ts';

const stack = await startStack({ demoPort: 8080, relayPort: 8787, upstreamPort: 8788, persistTo: '.wrangler/dev-state', verbose: process.argv.includes('--verbose') });
console.log(`
  rrelay is running.

  Demo store       ${stack.demo.url.replace('127.0.0.1', 'localhost')}   ← open this
  Event inspector  ${stack.demo.url.replace('127.0.0.1', 'localhost')}/inspector   (what the relay accepted, forwarded, retried, refused)
  Relay            ${stack.relayUrl}
  Local upstream   ${stack.upstream.url}   (what it accepted: ${stack.upstream.url}/__upstream/accepted)

  Ctrl-C stops all three.
`);
const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
