import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startRelay, stopProcess, testPorts } from '../../../scripts/stack.ts';
import { startLocalUpstream, type LocalUpstream, type LocalUpstreamOptions } from '../../local-upstream/local-upstream.ts';

/** The health report as these tests read it. */
export interface HealthBody {
  ok: boolean;
  alerts: string[];
  notices: string[];
  counts: Record<string, number>;
  oldestPendingAgeMs: number | null;
  destinations: { destination: string; state: string; pending: number; lastStatus: number | null; lastReason: string | null; possiblyDuplicated: number; lastPossiblyDuplicatedAt: number | null }[];
}

/** One entry of `GET /admin/activity`. */
export type ActivityLine = { kind: string; [field: string]: unknown };

/** One call of `GET /admin/possible-duplicates` (worker/src/buffer/possible-duplicates.ts). */
export interface PossibleDuplicateCall {
  at: number;
  destination: string;
  partnerId: string;
  cause: string;
  inFlightSince: number;
  events: number;
  visitors: Record<string, number>;
  orderTransactions: string[];
  refusedUpstream: boolean;
}

/** The relay under `wrangler dev` in front of its own local upstream, for one test file, and how tests talk to it. */
export interface RelayUnderTest {
  upstream: LocalUpstream;
  relayUrl: string;
  partnerId: string;
  /** Everything the relay printed (its log lines) since the file started it. */
  output(): string;
  /** Stops the relay and starts it again with its state, and `extraVars` on top of its settings. */
  restart(extraVars?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
  /** `POST /1.0/visitorEvents` with `body` (JSON unless a string). */
  ingest(body: unknown, headers?: Record<string, string>): Promise<Response>;
  health(): Promise<HealthBody>;
  activity(limit?: number): Promise<ActivityLine[]>;
  possibleDuplicates(): Promise<PossibleDuplicateCall[]>;
}

/** What a test file's relay is started with. */
export interface RelayUnderTestOptions {
  /** Added to `RRELAY_TEST_PORT_BASE` for the relay's port. */
  portOffset: number;
  apiKey: string;
  healthToken: string;
  partnerId?: string;
  /** The relay's settings besides the key, partner, upstream URLs and token; a function of the local upstream's URL where one needs it. */
  vars?: Record<string, string> | ((upstreamUrl: string) => Record<string, string>);
  /** The local upstream's behaviour and its eSputnik stand-in. */
  upstream?: Pick<LocalUpstreamOptions, 'behaviour' | 'esputnik'>;
}

/** Starts a local upstream and the relay under `wrangler dev` in front of it, with a fresh state directory. */
export async function startRelayUnderTest(options: RelayUnderTestOptions): Promise<RelayUnderTest> {
  const partnerId = options.partnerId ?? '608423a9b126ac6ab3f8f0a5';
  const { relayPort } = testPorts(options.portOffset);
  const relayUrl = `http://127.0.0.1:${relayPort}`;
  const persistTo = mkdtempSync(join(tmpdir(), 'rrelay-test-'));
  const upstream = await startLocalUpstream({ apiKey: options.apiKey, partnerIds: [partnerId], ...options.upstream });
  const vars = {
    RR_API_KEY: options.apiKey,
    RR_PARTNER_ID: partnerId,
    RR_TRACKING_URL: `${upstream.url}/1.0/`,
    RR_SP_URL: `${upstream.url}/v1/`,
    HEALTH_TOKEN: options.healthToken,
    ...(typeof options.vars === 'function' ? options.vars(upstream.url) : options.vars),
  };
  let printed = '';
  let relay: ChildProcess;
  const start = async (extra: Record<string, string> = {}) => {
    relay = await startRelay(relayPort, { ...vars, ...extra }, persistTo);
    for (const stream of [relay.stdout!, relay.stderr!]) stream.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  };
  await start();
  const operator = { headers: { authorization: `Bearer ${options.healthToken}` } };
  const read = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${relayUrl}${path}`, operator);
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    upstream,
    relayUrl,
    partnerId,
    output: () => printed,
    async restart(extraVars) {
      await stopProcess(relay);
      await start(extraVars);
    },
    async stop() {
      await stopProcess(relay);
      await upstream.close();
    },
    ingest: (body, headers = {}) =>
      fetch(`${relayUrl}/1.0/visitorEvents?partnerId=${partnerId}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers }),
    health: () => read<HealthBody>('/health/report'),
    activity: async (limit = 500) => (await read<{ entries: ActivityLine[] }>(`/admin/activity?limit=${limit}`)).entries,
    possibleDuplicates: async () => (await read<{ calls: PossibleDuplicateCall[] }>('/admin/possible-duplicates')).calls,
  };
}
