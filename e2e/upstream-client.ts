import { expect } from '@playwright/test';
import type { VisitorEvent } from '@rrelay/protocol';

/** One event as the local upstream accepted it. */
export interface ReceivedEvent extends VisitorEvent {
  partnerId: string;
}

const upstreamUrl = () => process.env.UPSTREAM_URL!;

/** Every event the local upstream has accepted, in order. */
export async function receivedEvents(): Promise<ReceivedEvent[]> {
  const calls = (await (await fetch(`${upstreamUrl()}/__upstream/accepted`)).json()) as { partnerId: string; events: VisitorEvent[] }[];
  return calls.flatMap((call) => call.events.map((event) => ({ ...event, partnerId: call.partnerId })));
}

/** Waits until the upstream has accepted events matching `predicate`, and returns them. */
export async function waitForEvents(predicate: (events: ReceivedEvent[]) => boolean, timeoutMs = 15_000): Promise<ReceivedEvent[]> {
  let events: ReceivedEvent[] = [];
  await expect
    .poll(async () => predicate((events = await receivedEvents())), { timeout: timeoutMs, intervals: [100, 250, 500] })
    .toBe(true);
  return events;
}

/** Clears what the upstream recorded and restores its default behaviour for the test. */
export async function resetUpstream(): Promise<void> {
  await fetch(`${upstreamUrl()}/__upstream/reset`, { method: 'POST' });
  await fetch(`${upstreamUrl()}/__upstream/config`, { method: 'POST', body: JSON.stringify({ latencyMs: 20, failStatus: 0 }) });
}

/** One event the local upstream's eSputnik tracker accepted (`GET /__upstream/esputnik/accepted`). */
export interface EsputnikReceived {
  eventName: string;
  event: { GeneralInfo: { eventName: string; siteId: string; datetime: number; cookies: { sc: string }; [field: string]: unknown }; [part: string]: any };
  authorized: boolean;
  at: number;
}

/** Every event the local upstream's eSputnik tracker has accepted, in order. */
export async function esputnikEvents(): Promise<EsputnikReceived[]> {
  return (await (await fetch(`${upstreamUrl()}/__upstream/esputnik/accepted`)).json()) as EsputnikReceived[];
}

/** Every call the local upstream's eSputnik tracker has refused: `{status, error, eventName?}`. */
export async function esputnikRefused(): Promise<{ status: number; error: string; eventName?: string }[]> {
  return (await (await fetch(`${upstreamUrl()}/__upstream/esputnik/refused`)).json()) as { status: number; error: string; eventName?: string }[];
}

/** Changes how the local upstream's eSputnik tracker behaves, e.g. `{ failStatus: 503 }` (0 = answers normally). */
export async function configureEsputnik(behaviour: { failStatus?: number; latencyMs?: number; retryAfterSeconds?: number }): Promise<void> {
  await fetch(`${upstreamUrl()}/__upstream/esputnik/config`, { method: 'POST', body: JSON.stringify(behaviour) });
}
