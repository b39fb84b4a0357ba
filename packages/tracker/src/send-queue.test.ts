import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createSendQueue } from './send-queue.ts';

// The send queue alone, as a server runs it (Node: no IndexedDB), against a small recording relay over HTTP.
let server: Server;
let url: string;
let requests: number[][] = [];
let answer = 200;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push((JSON.parse(body) as { view: { productId: number } }[]).map((event) => event.view.productId));
      res.writeHead(answer, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/1.0/visitorEvents?partnerId=p`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  requests = [];
  answer = 200;
});

let sequence = 0;
const view = (productId: number) => ({ view: { productId, sessionExternalId: 's1', timestamp: '2026-12-02T09:00:00+00:00' }, eventId: `e${sequence++}` }) as any;

describe('createSendQueue', () => {
  it('batches: 50 events make a request at once, the rest wait for the delay', async () => {
    const queue = createSendQueue(url, 60_000, () => true);
    for (let productId = 1; productId <= 52; productId++) queue.add(view(productId), true);
    await queue.flush();
    expect(requests.map((request) => request.length)).toEqual([52]);
    requests = [];
    for (let productId = 1; productId <= 50; productId++) queue.add(view(productId), true);
    await vi.waitFor(() => expect(requests.map((request) => request.length)).toEqual([50]));
  });

  it('keeps a failed batch ahead of the events queued after it, and sends each once', async () => {
    const queue = createSendQueue(url, 60_000, () => true);
    answer = 503;
    queue.add(view(1), true);
    await queue.flush();
    answer = 200;
    queue.add(view(2), true);
    await queue.flush();
    await queue.flush();
    expect(requests).toEqual([[1], [1, 2]]);
  });

  it('sends nothing while delivery may not go, and what waited once started', async () => {
    let granted = false;
    const queue = createSendQueue(url, 10, () => granted);
    queue.add(view(1), false);
    queue.add(view(2), false);
    await queue.flush();
    expect(requests).toEqual([]);
    granted = true;
    queue.start();
    await queue.flush();
    expect(requests).toEqual([[1, 2]]);
  });

  it('forgets what is pending when cleared', async () => {
    const queue = createSendQueue(url, 60_000, () => true);
    queue.add(view(1), true);
    queue.clear();
    await queue.flush();
    expect(requests).toEqual([]);
  });

  it('beacons every pending event in order as the page goes, and keeps them for a resend should it come back', async () => {
    const beacons: number[][] = [];
    // Node has a navigator but no sendBeacon: a stand-in that records what the page would beacon.
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: (_url: string, body: string) => {
        beacons.push(JSON.parse(body).map((event: any) => event.view.productId));
        return true;
      },
    });
    onTestFinished(() => void delete (navigator as { sendBeacon?: unknown }).sendBeacon);
    const queue = createSendQueue(url, 60_000, () => true);
    answer = 503;
    queue.add(view(1), true);
    await queue.flush();
    queue.add(view(2), true);
    queue.leave();
    expect(beacons).toEqual([[1, 2]]);
    answer = 200;
    queue.back(true);
    await queue.flush();
    expect(requests.at(-1)).toEqual([1, 2]);
  });
});
