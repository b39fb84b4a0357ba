import { expect, test } from './engines/engine-test.ts';
import { waitForEvents } from './upstream-client.ts';

test('a product view and an add to basket on the demo store reach Retail Rocket through the relay, keyed by the relay', async ({ visitor }) => {
  const apiKey = process.env.RR_API_KEY_UNDER_TEST!;
  const tab = await visitor.newTab();
  await tab.goto(`${process.env.DEMO_URL}/product/123456`);
  await tab.click('#add-to-basket');

  const cookie = (await visitor.cookies(process.env.DEMO_URL!)).find((c) => c.name === 'rrsid');
  expect(cookie?.value).toMatch(/^[A-Za-z0-9]{1,50}$/);

  const events = await waitForEvents((all) => all.some((e) => e.method === 'addToBasket' && e.body.sessionExternalId === cookie!.value));
  // The product's own events (the page's recommendation block may add recom* events).
  const mine = events.filter((e) => e.body.sessionExternalId === cookie!.value && (e.method === 'view' || e.method === 'addToBasket'));
  expect(mine.map((e) => e.method)).toEqual(['view', 'addToBasket']);
  expect(mine[0]!.body).toMatchObject({ productId: 123456, stockId: 'Berlin' });
  expect(mine[1]!.body).toMatchObject({ productId: 123456, stockId: 'Berlin' });
  expect(mine[0]!.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/);
  expect(mine.every((e) => e.partnerId === process.env.RR_PARTNER_ID)).toBe(true);

  // The upstream accepts only the right apiKey; the page, its cookies and its storage never hold it.
  const pageText = await tab.evaluate(() => [document.documentElement.outerHTML, document.cookie, JSON.stringify({ ...localStorage })].join('\n'));
  expect(pageText).not.toContain(apiKey);
});
