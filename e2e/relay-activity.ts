/** One entry of the relay's activity log, as far as the e2e specs read it. */
export interface RelayActivityEntry {
  kind: string;
  visitor?: string;
  eventId?: string;
  [field: string]: unknown;
}

/** The relay's latest activity entries, newest first (`GET /admin/activity`, behind the relay's token, which global-setup puts in `RELAY_HEALTH_TOKEN`). */
export async function relayActivity(limit = 500): Promise<RelayActivityEntry[]> {
  const response = await fetch(`${process.env.RELAY_URL}/admin/activity?limit=${limit}`, { headers: { authorization: `Bearer ${process.env.RELAY_HEALTH_TOKEN}` } });
  if (response.status !== 200) throw new Error(`the relay's activity log answered ${response.status}`);
  return ((await response.json()) as { entries: RelayActivityEntry[] }).entries;
}
