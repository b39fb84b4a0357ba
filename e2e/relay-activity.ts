/** One entry of the relay's activity log, as far as the e2e specs read it. */
export interface RelayActivityEntry {
  kind: string;
  visitor?: string;
  eventId?: string;
  [field: string]: unknown;
}

// The relay's local HEALTH_TOKEN (scripts/stack.ts' default, which global-setup uses).
const healthToken = 'local-health-token-7a41';

/** The relay's latest activity entries, newest first (`GET /admin/activity`, behind the relay's token). */
export async function relayActivity(limit = 500): Promise<RelayActivityEntry[]> {
  const response = await fetch(`${process.env.RELAY_URL}/admin/activity?limit=${limit}`, { headers: { authorization: `Bearer ${healthToken}` } });
  if (response.status !== 200) throw new Error(`the relay's activity log answered ${response.status}`);
  return ((await response.json()) as { entries: RelayActivityEntry[] }).entries;
}
