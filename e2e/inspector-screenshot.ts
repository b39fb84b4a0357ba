// Takes docs/inspector.png, the README's picture of the event inspector, after a
// realistic session: a shopper browses several page kinds and adds to the cart,
// a server sends one invalid event, and the local upstream fails one call (503)
// so a batch is retried, while the inspector is open and draws the flow. Not a test; run it when the inspector's look changes:
//   RRELAY_TEST_PORT_BASE=38000 node e2e/inspector-screenshot.ts
import { chromium } from '@playwright/test';
import { startStack, testPorts } from '../scripts/stack.ts';
import { chromiumOnThisMachine } from './engines/playwright-visitor.ts';

const output = new URL('../docs/inspector.png', import.meta.url).pathname;
const stack = await startStack({ ...testPorts(), upstream: { latencyMs: 60 } });
const browser = await chromium.launch(chromiumOnThisMachine);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
try {
  // The inspector is open from the start, so its flow charts draw the whole session.
  const inspector = await browser.newPage({ baseURL: stack.demo.url, viewport: { width: 1280, height: 1200 } });
  await inspector.goto('/inspector');
  const shopper = await browser.newPage({ baseURL: stack.demo.url, viewport: { width: 1280, height: 900 } });
  await shopper.goto('/');
  await shopper.mouse.wheel(0, 1500);
  await pause(1500);
  await shopper.goto('/category/12');
  await pause(800);
  await shopper.goto('/product/123462');
  await shopper.click('#add-to-basket');
  await pause(1500);

  // The next call to "Retail Rocket" fails with a 503: the batch waits and is retried.
  await fetch(`${stack.upstream.url}/__upstream/config`, { method: 'POST', body: JSON.stringify({ failNext: 1, failNextStatus: 503 }) });
  await shopper.goto('/search?q=jacket');
  await pause(800);
  await shopper.goto('/group/500100');
  await pause(1500);

  // A store's server sends a batch with one bad event: its neighbour is kept.
  await fetch(`${stack.relayUrl}/1.0/visitorEvents?partnerId=${stack.partnerId}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify([
      { view: { sessionExternalId: 'server7f3k2', productId: 123456, stockId: 'Berlin' }, eventId: 'server7f3k2-0001' },
      { addToBasket: { sessionExternalId: 'server7f3k2', productId: -5, stockId: 'Berlin' }, eventId: 'server7f3k2-0002' },
    ]),
  });
  await shopper.goto('/product/123456');
  await shopper.click('#add-to-basket');
  await pause(1200);
  await shopper.goto('/cart');
  await pause(6000);

  await inspector.bringToFront();
  await inspector.locator('.entry').first().waitFor();
  await pause(2500);
  await inspector.screenshot({ path: output });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  await stack.stop();
}
