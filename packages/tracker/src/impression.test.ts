import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracker } from './create-tracker.ts';
import { impression } from './impression.ts';

// A small server standing in for the relay's Sponsored Products drop-in.
let server: Server;
let endpoint: string;
const asked: URL[] = [];
let reply: { status: number; body?: string } = { status: 204 };

beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push(new URL(req.url!, 'http://relay'));
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const partnerId = '608423a9b126ac6ab3f8f0a5';

describe('impression', () => {
  it('asks for the placement with the session and the page’s context, and returns the impression', async () => {
    const content = { id: 'imp1', content: { id: 'c1', productIds: [1, 2] } };
    reply = { status: 200, body: JSON.stringify(content) };
    const rr = createTracker({ partnerId, endpoint, sessionId: 'abc123' });
    expect(await impression(rr, { kind: 'productGroupsPlacements', placementId: 'pdp-top', productIds: [1, 2], stockId: 'Berlin', acceptContent: 'productIds' })).toEqual(content);
    const url = asked.at(-1)!;
    expect(url.pathname).toBe(`/v1/partners/${partnerId}/productGroupsPlacements/pdp-top/impressions`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ sessionExternalId: 'abc123', acceptContent: 'productIds', productIds: '1,2', stockId: 'Berlin' });
  });

  it('returns null for 204 (nothing to show), an error status, an unreachable relay, or without consent; never rejects', async () => {
    const rr = createTracker({ partnerId, endpoint, sessionId: 'abc123' });
    reply = { status: 204 };
    expect(await impression(rr, { kind: 'anyPlacements', placementId: 'home' })).toBeNull();
    reply = { status: 404, body: '{"error":{}}' };
    expect(await impression(rr, { kind: 'anyPlacements', placementId: 'home' })).toBeNull();
    reply = { status: 200, body: 'not json' };
    expect(await impression(rr, { kind: 'anyPlacements', placementId: 'home' })).toBeNull();
    const unreachable = createTracker({ partnerId, endpoint: 'http://127.0.0.1:9', sessionId: 'abc123' });
    expect(await impression(unreachable, { kind: 'anyPlacements', placementId: 'home' })).toBeNull();
    const before = asked.length;
    const denied = createTracker({ partnerId, endpoint, sessionId: 'abc123', consent: 'denied' });
    expect(await impression(denied, { kind: 'anyPlacements', placementId: 'home' })).toBeNull();
    expect(asked).toHaveLength(before);
  });
});
