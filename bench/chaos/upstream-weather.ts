/** One spell of the local upstream's behaviour (fields of its `POST /__upstream/config`). */
export interface Spell {
  name: string;
  config: Record<string, number | boolean>;
}

const calm = { latencyMs: 100, failNext: 0, failNextStatus: 503, failStatus: 0, dropNext: 0, hangNext: 0, retryAfterSeconds: 1 };

/**
 * The failures the chaos run cycles through: bursts of 5xx, 429 with
 * `Retry-After`, calls held until the relay times out, dropped connections,
 * slow answers, and calm spells between them.
 */
export const spells: Spell[] = [
  { name: 'calm', config: calm },
  { name: '503 burst', config: { ...calm, failNext: 25, failNextStatus: 503 } },
  { name: 'slow (1.5 s)', config: { ...calm, latencyMs: 1500 } },
  { name: '429 burst, Retry-After 2', config: { ...calm, failNext: 15, failNextStatus: 429, retryAfterSeconds: 2 } },
  { name: 'dropped connections', config: { ...calm, dropNext: 20 } },
  { name: 'calm', config: calm },
  { name: 'timeouts (held calls)', config: { ...calm, hangNext: 4 } },
  { name: '500 burst, slow', config: { ...calm, failNext: 20, failNextStatus: 500, latencyMs: 600 } },
  { name: '502 and drops', config: { ...calm, failNext: 10, failNextStatus: 502, dropNext: 10 } },
];

/** Sets the local upstream's behaviour over HTTP, as any test would. */
export async function setWeather(upstreamUrl: string, config: Spell['config']): Promise<void> {
  const response = await fetch(`${upstreamUrl}/__upstream/config`, { method: 'POST', body: JSON.stringify(config) });
  if (!response.ok) throw new Error(`upstream config answered ${response.status}`);
}

/**
 * Cycles the upstream through {@link spells}, one every `spellMs`, until
 * `until`; logs each change; leaves it calm.
 */
export async function driveWeather(upstreamUrl: string, spellMs: number, until: number, log: (line: string) => void): Promise<number> {
  let changes = 0;
  for (let index = 0; Date.now() < until; index++) {
    const spell = spells[index % spells.length]!;
    await setWeather(upstreamUrl, spell.config);
    changes++;
    log(`upstream: ${spell.name}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(spellMs, Math.max(0, until - Date.now()))));
  }
  await setWeather(upstreamUrl, calm);
  log('upstream: calm (end of the run)');
  return changes;
}
