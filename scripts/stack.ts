// Starts the three parts of a local rrelay: the local upstream (a strict
// stand-in for Retail Rocket and eSputnik), the relay under `wrangler dev`, and the demo
// store. Used by `pnpm dev`, the e2e tests and the benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../demo-site/catalog.ts';
import { startDemoSite, type DemoSite } from '../demo-site/demo-site.ts';
import { startLocalUpstream, type LocalUpstream, type UpstreamBehaviour } from '../worker/local-upstream/local-upstream.ts';
import { stopProcess } from './stop-process.ts';

export { stopProcess };

/** Ports and settings of one local stack. */
export interface StackOptions {
  demoPort: number;
  relayPort: number;
  upstreamPort: number;
  /** Where wrangler keeps Durable Object, queue and cache state; a fresh temp dir by default. */
  persistTo?: string;
  apiKey?: string;
  partnerId?: string;
  /** The relay's `HEALTH_TOKEN` (for `/health/report` and `/admin/activity`); a fixed local one by default. */
  healthToken?: string;
  upstream?: Partial<UpstreamBehaviour>;
  /** eSputnik's site id; the relay forwards to the local upstream's eSputnik tracker under it. A fixed local one by default; `''` turns eSputnik off. */
  esputnikSiteId?: string;
  /** The relay's `ESPUTNIK_API_KEY`, which the local upstream's eSputnik tracker then demands as HTTP Basic auth; a fixed local one by default. */
  esputnikApiKey?: string;
  /** Extra `--var NAME:value` settings for the relay. */
  relayVars?: Record<string, string>;
  /** Print wrangler's output. */
  verbose?: boolean;
}

/** A running stack. */
export interface Stack {
  demo: DemoSite;
  upstream: LocalUpstream;
  relayUrl: string;
  apiKey: string;
  partnerId: string;
  /** eSputnik's site id, or `''` when eSputnik is off. */
  esputnikSiteId: string;
  /** Bearer token of the relay's `/health/report` and `/admin/activity`. */
  healthToken: string;
  persistTo: string;
  /** Stops and starts the relay again, keeping its local state. */
  restartRelay(): Promise<void>;
  stop(): Promise<void>;
}

const workerDir = fileURLToPath(new URL('../worker/', import.meta.url));
const wranglerBin = join(workerDir, 'node_modules', '.bin', 'wrangler');

/** Environment for wrangler on a machine with no network. */
export const offlineWranglerEnv = {
  ...process.env,
  // wrangler 4 needs Node 22.12+: run it with the Node running this script.
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'warn',
};

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Settings that are secrets in production: never on wrangler's command line, where `ps` shows them to every user. */
const isSecret = (name: string) => /(^|_)(API_KEY|KEYS|TOKEN|SECRET)$/.test(name);

/**
 * Starts `wrangler dev` for the relay with the given variables; resolves when
 * it answers. Secrets (`RR_API_KEY`, `RR_PARTNER_KEYS`, `HEALTH_TOKEN`, `ESPUTNIK_API_KEY`) go in
 * an env file only this user can read, as `.dev.vars` would hold them; the
 * rest as `--var`.
 */
export async function startRelay(port: number, vars: Record<string, string>, persistTo: string, verbose = false): Promise<ChildProcess> {
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(port + 10000), '--persist-to', persistTo, '--show-interactive-dev-session=false'];
  const secrets = Object.entries(vars).filter(([name]) => isSecret(name));
  if (secrets.length > 0) {
    const envFile = join(mkdtempSync(join(tmpdir(), 'rrelay-secrets-')), '.dev.vars');
    // Single quotes keep a value literal in a .dev.vars file (a JSON secret's own quotes included); a value holding one is JSON-quoted.
    const quoted = (value: string) => (value.includes("'") ? JSON.stringify(value) : `'${value}'`);
    writeFileSync(envFile, secrets.map(([name, value]) => `${name}=${quoted(value)}\n`).join(''), { mode: 0o600 });
    args.push('--env-file', envFile);
  }
  for (const [name, value] of Object.entries(vars)) if (!isSecret(name)) args.push('--var', `${name}:${value}`);
  const child = spawn(wranglerBin, args, { cwd: workerDir, env: offlineWranglerEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    lines.push(text);
    if (lines.length > 200) lines.shift();
    if (verbose) process.stderr.write(text);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  try {
    await waitFor(`http://127.0.0.1:${port}/health`, child, 90_000);
  } catch (error) {
    stopProcess(child);
    throw new Error(`${(error as Error).message}\n${lines.join('')}`);
  }
  return child;
}

/**
 * Ports for a test run: `RRELAY_TEST_PORT_BASE` (default 18000) and the next few,
 * so that several checkouts can run their tests side by side on one machine.
 * The relay's inspector takes its port + 10000.
 */
export function testPorts(offset = 0): Pick<StackOptions, 'demoPort' | 'relayPort' | 'upstreamPort'> {
  const base = Number(process.env.RRELAY_TEST_PORT_BASE ?? 18000) + offset;
  return { demoPort: base, relayPort: base + 1, upstreamPort: base + 2 };
}

/** Starts the local upstream, the relay and the demo store. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const apiKey = options.apiKey ?? 'local-dev-api-key-5f2c9e';
  const partnerId = options.partnerId ?? '608423a9b126ac6ab3f8f0a5';
  const healthToken = options.healthToken ?? 'local-health-token-7a41';
  const persistTo = options.persistTo ?? mkdtempSync(join(tmpdir(), 'rrelay-state-'));
  const relayUrl = `http://127.0.0.1:${options.relayPort}`;
  // Sponsored product shelves name products of the demo's feed, as Retail Rocket's would name the store's.
  const sponsoredProductIds = loadCatalog().offers.filter((offer) => offer.available).map((offer) => offer.id);
  const esputnikSiteId = options.esputnikSiteId ?? 'local-esputnik-site';
  const esputnikApiKey = options.esputnikApiKey ?? 'local-esputnik-key-3d81';
  const upstream = await startLocalUpstream({
    port: options.upstreamPort,
    apiKey,
    partnerIds: [partnerId],
    behaviour: options.upstream,
    sponsoredProductIds,
    ...(esputnikSiteId ? { esputnik: { siteIds: [esputnikSiteId], apiKey: esputnikApiKey } } : {}),
  });
  const demo = await startDemoSite({ port: options.demoPort, relayUrl, partnerId, healthToken });
  const vars = {
    RR_API_KEY: apiKey,
    RR_PARTNER_ID: partnerId,
    RR_TRACKING_URL: `${upstream.url}/1.0/`,
    RR_SP_URL: `${upstream.url}/v1/`,
    ALLOWED_ORIGINS: `${demo.url},http://localhost:${options.demoPort}`,
    HEALTH_TOKEN: healthToken,
    // The local stack has the event inspector, so it shows Sponsored Products answers too.
    SP_ACTIVITY: 'on',
    ...(esputnikSiteId ? { ESPUTNIK_SITE_ID: esputnikSiteId, ESPUTNIK_URL: `${upstream.url}/esputnik/api/v2`, ESPUTNIK_API_KEY: esputnikApiKey } : {}),
    ...options.relayVars,
  };
  let relay = await startRelay(options.relayPort, vars, persistTo, options.verbose);
  return {
    demo,
    upstream,
    relayUrl,
    apiKey,
    partnerId,
    esputnikSiteId,
    healthToken,
    persistTo,
    async restartRelay() {
      await stopProcess(relay);
      relay = await startRelay(options.relayPort, vars, persistTo, options.verbose);
    },
    async stop() {
      await stopProcess(relay);
      await demo.close();
      await upstream.close();
    },
  };
}
