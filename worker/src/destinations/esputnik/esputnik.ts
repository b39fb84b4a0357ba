import type { VisitorEvent } from '@rrelay/protocol';
import { numberSetting, partnerSetting } from '../../config.ts';
import type { DeliveryOutcome, Destination } from '../destination.ts';
import { postEsputnikEvent, type EsputnikSettings } from './esputnik-delivery.ts';
import { isEsputnikMapped, toEsputnikEvent } from './esputnik-mapping.ts';

/** eSputnik's public tracker endpoint. */
export const defaultEsputnikUrl = 'https://tracker.esputnik.com/api/v2';
/** Calls per second when `ESPUTNIK_RPS` is not set: eSputnik documents no limit, this stays well clear of abuse. */
export const defaultEsputnikRps = 20;

/**
 * Reads eSputnik's settings for a partner from the Worker's environment: its
 * site id, from `ESPUTNIK_SITE_IDS` (JSON by partner id, several stores on one
 * relay) or else `ESPUTNIK_SITE_ID` (either turns eSputnik on), `ESPUTNIK_URL`,
 * `ESPUTNIK_RPS` (vars in wrangler.jsonc) and the optional secret
 * `ESPUTNIK_API_KEY`, sent as HTTP Basic auth.
 */
export function esputnikSettings(env: Env, partnerId = ''): EsputnikSettings {
  return {
    siteId: partnerSetting('ESPUTNIK_SITE_IDS', env.ESPUTNIK_SITE_IDS).entries.get(partnerId) ?? env.ESPUTNIK_SITE_ID?.trim() ?? '',
    url: env.ESPUTNIK_URL?.trim() || defaultEsputnikUrl,
    ...(env.ESPUTNIK_API_KEY ? { apiKey: env.ESPUTNIK_API_KEY } : {}),
    ratePerSecond: numberSetting(env.ESPUTNIK_RPS, defaultEsputnikRps),
    timeoutMs: 10_000,
  };
}

/**
 * eSputnik (Reteno) as a destination: one event per call to its REST tracker,
 * mapped by esputnik-mapping.ts; events it has no mapping for (most of Retail
 * Rocket's) are not taken. On when `ESPUTNIK_SITE_ID` or `ESPUTNIK_SITE_IDS` is
 * set, for the partners that have a site id.
 */
export const esputnik: Destination = {
  name: 'esputnik',
  enabled: (env) => esputnikSettings(env).siteId !== '' || partnerSetting('ESPUTNIK_SITE_IDS', env.ESPUTNIK_SITE_IDS).entries.size > 0,
  servesPartner: (env, partnerId) => esputnikSettings(env, partnerId).siteId !== '',
  accepts: (event) => isEsputnikMapped(event.method),
  // eSputnik answers a repeat `Duplicated event`, which classifyEsputnikAnswer counts as delivered.
  refusesRepeats: true,
  ratePerSecond: (env) => esputnikSettings(env).ratePerSecond,
  maxBatch: () => 1,
  // The partner id is Retail Rocket's; eSputnik knows the store by its site id.
  async send(env: Env, partnerId: string, events: readonly VisitorEvent[]): Promise<DeliveryOutcome> {
    const settings = esputnikSettings(env, partnerId);
    // With maxBatch 1 this is one call. Should a larger batch come, events go
    // in order and the first failure speaks for the batch; a retry then resends
    // the ones already delivered, which eSputnik refuses as duplicates, and
    // that counts as delivered.
    let outcome: DeliveryOutcome = { kind: 'delivered', status: 0 };
    for (const event of events) {
      const mapped = toEsputnikEvent(settings.siteId, event);
      if (!mapped) return { kind: 'rejected', status: 0, reason: `eSputnik has no mapping for ${event.method}` };
      outcome = await postEsputnikEvent(settings, mapped);
      if (outcome.kind !== 'delivered') return outcome;
    }
    return outcome;
  },
};
