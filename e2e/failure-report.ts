import { relayActivity } from './relay-activity.ts';

/**
 * What the relay did (its latest activity entries) and what the local upstream answered (its latest
 * calls), for a failed test: a failure in CI, where nobody can rerun it by hand, then says whether
 * events never reached the relay, waited in its buffer, or were refused upstream.
 */
export async function relayReport(): Promise<string> {
  const activity = await relayActivity(40).then((entries) => entries.map((entry) => JSON.stringify(entry)).join('\n'), (error: Error) => error.message);
  const calls = await fetch(`${process.env.UPSTREAM_URL}/__upstream/calls`).then((response) => response.text(), (error: Error) => `unreachable: ${error.message}`);
  return `relay activity, newest first:\n${activity}\nupstream calls:\n${calls.slice(-4000)}`;
}
