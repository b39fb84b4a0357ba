import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalUpstream, type LocalUpstream } from './local-upstream.ts';

let upstream: LocalUpstream;
beforeAll(async () => {
  upstream = await startLocalUpstream({ apiKey: 'rr-key', partnerIds: ['p'], behaviour: { latencyMs: 0 } });
});
afterAll(() => upstream.close());

describe('the local upstream’s Retail Rocket tracker', () => {
  it('refuses the relay’s store events, which Retail Rocket never receives', async () => {
    const response = await fetch(`${upstream.url}/1.0/visitorEvents?apiKey=rr-key&partnerId=p`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ cart: { sessionExternalId: 'abc', timestamp: '2018-09-15T15:53:00+00:00', cartId: 'c1', items: [] } }]),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'bad request', rejected: [{ index: 0, path: 'cart', reason: 'is not a tracking method' }] });
  });
});
