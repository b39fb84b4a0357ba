import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from './create-tracker.ts';

// The tracker as a server uses it (Node: no DOM, no cookie, no IndexedDB),
// sending over real HTTP to a small recording server standing in for the relay.
let server: Server;
let endpoint: string;
let requests: { url: string; contentType: string | undefined; events: any[] }[] = [];
let answer = 200;
let answerBody = '{}';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ url: req.url!, contentType: req.headers['content-type'], events: JSON.parse(body) });
      res.writeHead(answer, { 'content-type': 'application/json' }).end(answerBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  requests = [];
  answer = 200;
  answerBody = '{}';
});

const partnerId = '608423a9b126ac6ab3f8f0a5';
const sessionId = 'Server42session';

describe('createTracker on a server', () => {
  it('sends every method as one visitorEvents batch with the session, a timestamp and a unique eventId', async () => {
    const rr = createTracker({ partnerId, endpoint, sessionId });
    rr.view({ productId: 123456, stockId: 'NewYork' });
    rr.groupView({ groupId: 654321, productIds: [1, 2, 3] });
    rr.addToBasket({ productId: 234567 });
    rr.categoryView({ categoryId: 7 });
    rr.search({ searchPhrase: 'tent' });
    rr.setContact({ contactExternalId: 'cust77', email: 'a@b.example' });
    rr.recomBlockViewed({ recomBlockId: 'home-top' });
    rr.recomTap({ productId: 5, recomBlockId: 'home-top' });
    rr.recomAddToBasket({ productId: 5, recomBlockId: 'home-top' });
    rr.impressionContentViewed({ impressionContentId: 'c1' });
    rr.impressionContentClicked({ impressionContentId: 'c1' });
    await rr.flush();

    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe(`/1.0/visitorEvents?partnerId=${partnerId}`);
    expect(requests[0]!.contentType).toMatch(/^text\/plain/);
    const events = requests[0]!.events;
    expect(events.map((event) => Object.keys(event).find((key) => key !== 'eventId'))).toEqual([
      'view', 'groupView', 'addToBasket', 'categoryView', 'search', 'setContact',
      'recomBlockViewed', 'recomTap', 'recomAddToBasket', 'impressionContentViewed', 'impressionContentClicked',
    ]);
    expect(events[0]).toEqual({
      view: { productId: 123456, stockId: 'NewYork', sessionExternalId: sessionId, timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/) },
      eventId: expect.stringMatching(/^[a-z0-9]{29,36}$/),
    });
    expect(new Set(events.map((event) => event.eventId)).size).toBe(events.length);
    // One random prefix per tracker (made once), then a count: another tracker's ids share nothing with these.
    const prefix = events[0]!.eventId!.slice(0, 28);
    expect(events.every((event) => event.eventId!.startsWith(prefix))).toBe(true);
    const other = createTracker({ partnerId, endpoint, sessionId });
    other.view({ productId: 1 });
    await other.flush();
    expect(requests[1]!.events[0]!.eventId!.slice(0, 28)).not.toBe(prefix);
  });

  it('sends one order event per line item, with the transaction', async () => {
    const rr = createTracker({ partnerId, endpoint, sessionId });
    rr.order({ transaction: 'T-1001', items: [{ productId: 1, price: 10.5, quantity: 2 }, { productId: 2, price: 3, quantity: 1, stockId: 'Berlin' }] });
    await rr.flush();
    expect(requests[0]!.events.map((event) => event.order)).toEqual([
      { productId: 1, price: 10.5, quantity: 2, transaction: 'T-1001', sessionExternalId: sessionId, timestamp: expect.any(String) },
      { productId: 2, price: 3, quantity: 1, stockId: 'Berlin', transaction: 'T-1001', sessionExternalId: sessionId, timestamp: expect.any(String) },
    ]);
  });

  it('in the debug build (which the unit tests run), drops each call that breaks the contract at once, naming the field, never throwing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const rr = createTracker({ partnerId, endpoint, sessionId });
    expect(() => {
      rr.view({ productId: 'abc' as unknown as number });
      rr.view({ productId: 'abc' as unknown as number });
      rr.view(undefined as never);
      rr.addToBasket({ productId: 1, colour: 'red' } as never);
      rr.view({ productId: 1 });
    }).not.toThrow();
    await rr.flush();
    expect(warn.mock.calls.map((call) => call[0])).toEqual([
      'rr: view dropped: productId is invalid: "abc"',
      'rr: view dropped: productId is invalid: "abc"',
      'rr: view dropped: fields must be an object',
      'rr: addToBasket dropped: colour is not a field of addToBasket',
    ]);
    expect(requests[0]!.events).toHaveLength(1);
    warn.mockRestore();
  });

  it("names each event the relay refused, from the relay's answer, once per field and reason", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const rr = createTracker({ partnerId, endpoint, sessionId });
    answerBody = JSON.stringify({ accepted: 1, rejected: [{ index: 0, path: 'view.stockId', reason: 'must be at most 100 characters' }] });
    rr.view({ productId: 1, stockId: 'x'.repeat(101) });
    rr.view({ productId: 2 });
    await rr.flush();
    rr.view({ productId: 1, stockId: 'x'.repeat(101) });
    await rr.flush();
    expect(warn.mock.calls.map((call) => call[0])).toEqual(['rr: the relay dropped an event: view.stockId must be at most 100 characters']);
    // Refused is not failed: nothing is sent again.
    await rr.flush();
    expect(requests).toHaveLength(2);
    warn.mockRestore();
  });

  it('holds events while consent is pending, sends them once granted, and drops them when denied', async () => {
    const rr = createTracker({ partnerId, endpoint, sessionId, consent: 'pending' });
    rr.view({ productId: 1 });
    await rr.flush();
    expect(requests).toHaveLength(0);
    rr.setConsent('granted');
    await rr.flush();
    expect(requests.flatMap((request) => request.events).map((event) => event.view.productId)).toEqual([1]);

    rr.setConsent('denied');
    rr.view({ productId: 2 });
    await rr.flush();
    expect(requests).toHaveLength(1);
  });

  it('keeps at most the latest 1,000 events in memory while consent is pending', async () => {
    const rr = createTracker({ partnerId, endpoint, sessionId, consent: 'pending' });
    for (let productId = 1; productId <= 1005; productId++) rr.view({ productId });
    rr.setConsent('granted');
    await rr.flush();
    const sent = requests.flatMap((request) => request.events).map((event) => event.view.productId);
    expect(sent).toHaveLength(1000);
    expect([sent[0], sent.at(-1)]).toEqual([6, 1005]);
  });

  it('keeps a batch the relay could not take (503) and sends it with the next flush, once', async () => {
    const rr = createTracker({ partnerId, endpoint, sessionId });
    answer = 503;
    rr.view({ productId: 1 });
    await rr.flush();
    answer = 200;
    rr.view({ productId: 2 });
    await rr.flush();
    expect(requests.map((request) => request.events.map((event) => event.view.productId))).toEqual([[1], [1, 2]]);
    expect(requests[1]!.events[0].eventId).toBe(requests[0]!.events[0].eventId);
    await rr.flush();
    expect(requests).toHaveLength(2);
  });

  it('resends a batch the relay could not take on the next flush() even with no new event', async () => {
    const rr = createTracker({ partnerId, endpoint, sessionId });
    answer = 503;
    rr.view({ productId: 1 });
    await rr.flush();
    answer = 200;
    await rr.flush();
    expect(requests.map((request) => request.events.map((event) => event.view.productId))).toEqual([[1], [1]]);
    await rr.flush();
    expect(requests).toHaveLength(2);
  });

  it('does not resend a batch the relay refused as bad (400)', async () => {
    const rr = createTracker({ partnerId, endpoint, sessionId });
    answer = 400;
    rr.view({ productId: 1 });
    await rr.flush();
    answer = 200;
    await rr.flush();
    expect(requests).toHaveLength(1);
  });

  it('makes a session id of letters and digits when none is given, and ignores an invalid one', () => {
    expect(createTracker({ partnerId, endpoint }).sessionId).toMatch(/^[a-z0-9]{28}$/);
    expect(createTracker({ partnerId, endpoint, sessionId: 'has-dash' }).sessionId).toMatch(/^[a-z0-9]{28}$/);
  });

  it('batches events made within the delay into one request', async () => {
    const rr = createTracker({ partnerId, endpoint, sessionId, batchDelayMs: 20 });
    rr.view({ productId: 1 });
    rr.view({ productId: 2 });
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]!.events).toHaveLength(2);
  });
});
