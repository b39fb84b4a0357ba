import type { VisitorEvent } from '@rrelay/protocol';
import { validBodies, validStoreBodies } from '@rrelay/protocol/example-bodies';
import { describe, expect, it } from 'vitest';
import { defaultEsputnikRps, defaultEsputnikUrl, esputnik, esputnikSettings } from './esputnik.ts';

const env = (vars: Record<string, string>) => vars as unknown as Env;

describe('the eSputnik destination', () => {
  it('is on only when ESPUTNIK_SITE_ID is set', () => {
    expect(esputnik.name).toBe('esputnik');
    expect(esputnik.enabled(env({}))).toBe(false);
    expect(esputnik.enabled(env({ ESPUTNIK_SITE_ID: '  ' }))).toBe(false);
    expect(esputnik.enabled(env({ ESPUTNIK_SITE_ID: '8A412DC' }))).toBe(true);
  });

  it('reads its settings with the documented defaults', () => {
    expect(esputnikSettings(env({ ESPUTNIK_SITE_ID: '8A412DC' }))).toEqual({
      siteId: '8A412DC',
      url: defaultEsputnikUrl,
      ratePerSecond: defaultEsputnikRps,
      timeoutMs: 10_000,
    });
    expect(defaultEsputnikUrl).toBe('https://tracker.esputnik.com/api/v2');
    expect(
      esputnikSettings(env({ ESPUTNIK_SITE_ID: 's', ESPUTNIK_URL: 'http://127.0.0.1:1/esputnik/api/v2', ESPUTNIK_API_KEY: 'k', ESPUTNIK_RPS: '5' })),
    ).toMatchObject({ url: 'http://127.0.0.1:1/esputnik/api/v2', apiKey: 'k', ratePerSecond: 5 });
    expect(esputnik.ratePerSecond(env({ ESPUTNIK_RPS: 'fast' }))).toBe(defaultEsputnikRps);
    expect(esputnik.maxBatch(env({}))).toBe(1);
  });

  it('takes the events it has a mapping for and no others', () => {
    const taken = (method: string, body: unknown) => esputnik.accepts({ method, body } as VisitorEvent);
    expect(taken('cart', validStoreBodies.cart)).toBe(true);
    expect(taken('orderPlaced', validStoreBodies.orderPlaced)).toBe(true);
    expect(taken('setContact', validBodies.setContact)).toBe(true);
    expect(taken('view', validBodies.view)).toBe(false);
    expect(taken('order', validBodies.order)).toBe(false);
  });

  it('rejects, without a call, an event it has no mapping for', async () => {
    const outcome = await esputnik.send(env({ ESPUTNIK_SITE_ID: 's', ESPUTNIK_URL: 'http://upstream.invalid/' }), 'p', [
      { method: 'view', body: validBodies.view },
    ]);
    expect(outcome).toEqual({ kind: 'rejected', status: 0, reason: 'eSputnik has no mapping for view' });
  });
});
