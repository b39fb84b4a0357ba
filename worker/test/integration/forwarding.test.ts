import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { validBodiesAtNow } from '@rrelay/protocol/example-bodies';

import { trackingMethods } from '@rrelay/protocol';
import { startRelay, stopProcess, testPorts } from '../../../scripts/stack.ts';
import { startLocalUpstream, type LocalUpstream } from '../../local-upstream/local-upstream.ts';

// The examples with today's time: the relay refuses events more than 14 days old.
const validBodies = validBodiesAtNow();

const partnerId = '608423a9b126ac6ab3f8f0a5';
const apiKey = 'integration-secret-key-7d1e';
const { relayPort } = testPorts(10);
let upstream: LocalUpstream;
let relay: ChildProcess;
const relayUrl = `http://127.0.0.1:${relayPort}`;

beforeAll(async () => {
  upstream = await startLocalUpstream({ apiKey, partnerIds: [partnerId], behaviour: { latencyMs: 5 } });
  relay = await startRelay(
    relayPort,
    { RR_API_KEY: apiKey, RR_PARTNER_ID: partnerId, RR_TRACKING_URL: `${upstream.url}/1.0/`, RR_SP_URL: `${upstream.url}/v1/`, BATCH_MAX_WAIT_MS: '200' },
    mkdtempSync(join(tmpdir(), 'rrelay-it-')),
  );
});
afterAll(async () => {
  await stopProcess(relay);
  await upstream.close();
});
beforeEach(() => {
  upstream.accepted.length = 0;
});

/** The events the upstream has taken, once there are at least `count` (the relay forwards from its buffer, within about a second). */
async function received(count: number) {
  await expect.poll(() => upstream.accepted.flatMap((call) => call.events).length, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(count);
  return upstream.accepted.flatMap((call) => call.events);
}

describe('the relay as a drop-in for the tracking API, minus the key', () => {
  it.each(trackingMethods)('forwards %s with the apiKey added', async (method) => {
    const response = await fetch(`${relayUrl}/1.0/${method}?partnerId=${partnerId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validBodies[method]),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, rejected: [] });
    // The local upstream answers 401 to a wrong key, so an accepted call proves the relay added the right one.
    expect(await received(1)).toEqual([{ method, body: validBodies[method] }]);
    expect(upstream.accepted.every((call) => call.method === 'visitorEvents')).toBe(true);
  });

  it('forwards a visitorEvents batch sent as text/plain, keeping the valid events of a mixed batch in order', async () => {
    const response = await fetch(`${relayUrl}/1.0/visitorEvents?partnerId=${partnerId}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify([
        { view: validBodies.view, eventId: 'evt000000001' },
        { addToBasket: { ...validBodies.addToBasket, productId: 0 } },
        { order: validBodies.order },
      ]),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 2, rejected: [{ index: 1, path: 'addToBasket.productId', reason: 'must be positive' }] });
    expect((await received(2)).map((e) => e.method)).toEqual(['view', 'order']);
  });

  it('never returns the apiKey', async () => {
    const response = await fetch(`${relayUrl}/1.0/view?partnerId=${partnerId}&apiKey=client-supplied`, {
      method: 'POST',
      body: JSON.stringify(validBodies.view),
    });
    const text = await response.text() + JSON.stringify([...response.headers]);
    expect(text).not.toContain(apiKey);
  });
});
