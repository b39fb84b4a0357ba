// What the Sponsored Products benchmarks share: a local upstream, the relay
// under `wrangler dev` in front of it, a bare hello-world Worker, and percentiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { offlineWranglerEnv, startRelay, stopProcess, testPorts } from '../scripts/stack.ts';
import { startLocalUpstream, type LocalUpstream } from '../worker/local-upstream/local-upstream.ts';

/** The partner id and key every benchmark uses. */
export const partnerId = '608423a9b126ac6ab3f8f0a5';
export const apiKey = 'bench-api-key-0c4f';

/** A running relay with its upstream. */
export interface BenchStack {
  upstream: LocalUpstream;
  relayUrl: string;
  stop(): Promise<void>;
}

/** Starts the local upstream (100 ms unless told) and the relay in front of it, on ports from `RRELAY_TEST_PORT_BASE` + `offset`. */
export async function startBenchStack(offset: number, relayVars: Record<string, string> = {}, spLatencyMs = 100): Promise<BenchStack> {
  const { relayPort, upstreamPort } = testPorts(offset);
  const upstream = await startLocalUpstream({ port: upstreamPort, apiKey, partnerIds: [partnerId], behaviour: { latencyMs: 100, spLatencyMs } });
  const relay = await startRelay(
    relayPort,
    // Every simulated visitor is 127.0.0.1: the per-IP limits would refuse them as one client.
    { RR_API_KEY: apiKey, RR_PARTNER_ID: partnerId, RR_TRACKING_URL: `${upstream.url}/1.0/`, RR_SP_URL: `${upstream.url}/v1/`, CLIENT_LIMIT: 'off', ...relayVars },
    mkdtempSync(join(tmpdir(), 'rrelay-bench-')),
  );
  return {
    upstream,
    relayUrl: `http://127.0.0.1:${relayPort}`,
    async stop() {
      await stopProcess(relay);
      await upstream.close();
    },
  };
}

/** Starts the bare hello-world Worker (bench/hello-world.ts) under `wrangler dev` on `port`. */
export async function startHelloWorld(port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const workerDir = fileURLToPath(new URL('../worker/', import.meta.url));
  const script = fileURLToPath(new URL('./hello-world.ts', import.meta.url));
  const args = ['dev', script, '--name', 'hello-world', '--compatibility-date', '2026-10-01', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(port + 10000), '--persist-to', mkdtempSync(join(tmpdir(), 'rrelay-hello-')), '--show-interactive-dev-session=false'];
  const child: ChildProcess = spawn(join(workerDir, 'node_modules', '.bin', 'wrangler'), args, { cwd: workerDir, env: offlineWranglerEnv, stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      await stopProcess(child);
      throw new Error('hello-world worker did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, stop: () => stopProcess(child) };
}

/** The time one GET takes, body read, in milliseconds. */
export async function timeGet(url: string): Promise<{ ms: number; response: Response }> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  return { ms: performance.now() - started, response };
}

/** The `p`-th percentile (0–100) of `samples`. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** An impressions path for the relay (or, with the key, the upstream). */
export function productImpressionPath(session: string, placementId = 'always-pdp', productId = 42): string {
  return `/v1/partners/${partnerId}/productPlacements/${placementId}/impressions?sessionExternalId=${session}&productId=${productId}&acceptContent=productIds`;
}
