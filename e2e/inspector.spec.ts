import { expect, test, type APIRequestContext } from '@playwright/test';
import { screenshot, sessionId, waitForVisitorEvents, watchConsole } from './demo-helpers.ts';
import { receivedEvents, resetUpstream, waitForEvents } from './upstream-client.ts';

test.beforeEach(resetUpstream);

/**
 * Batches the relay forwarded to a destination since `since` (epoch ms), from the activity the inspector reads,
 * through the page's own context: the proxy answers only with the cookie the inspector page set.
 */
async function forwardedSince(request: APIRequestContext, since: number, destination: string): Promise<number> {
  const { entries } = (await (await request.get(`/inspector/activity?limit=500&since=${since}`)).json()) as {
    entries: { kind: string; destination?: string }[];
  };
  return entries.filter((entry) => entry.kind === 'forwarded' && entry.destination === destination).length;
}

test('the inspector shows a shopper\'s accepted events, a rejection with its reason, and the batch forwarded with the upstream\'s 200', async ({ page, context }, testInfo) => {
  const console = watchConsole(page);
  const startedAt = Date.now();

  // A shopper views a product and adds it to the cart: the real tracker beacons both.
  await page.goto('/product/123462');
  await page.click('#add-to-basket');
  await expect(page.locator('#toast')).toContainText('added to your cart');
  const shopper = await sessionId(context);
  await waitForVisitorEvents(context, (events) => events.some((e) => e.method === 'addToBasket'));

  // A store's server sends one valid and one invalid event in a batch: the valid one is kept.
  const visitor = `inspector${Date.now()}`;
  const answer = await fetch(`${process.env.RELAY_URL}/1.0/visitorEvents?partnerId=${process.env.RR_PARTNER_ID}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify([
      { search: { sessionExternalId: visitor, searchPhrase: 'rain jacket', stockId: 'Berlin' }, eventId: `${visitor}-1` },
      { addToBasket: { sessionExternalId: visitor, productId: -5, stockId: 'Berlin' }, eventId: `${visitor}-2` },
    ]),
  });
  expect(answer.status).toBe(200);
  const verdict = (await answer.json()) as { accepted: number; rejected: { index: number; path: string; reason: string }[] };
  expect(verdict.accepted).toBe(1);
  expect(verdict.rejected).toHaveLength(1);
  const rejection = verdict.rejected[0]!;
  expect(rejection).toMatchObject({ index: 1, path: 'addToBasket.productId' });
  await waitForEvents((events) => events.some((e) => e.method === 'search' && e.body.sessionExternalId === visitor));

  await page.goto('/inspector');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'live');

  // Each accepted event, by visitor and method.
  // Exactly "view": text filters ignore case, and the product page's productView (a store event) shows too.
  await expect(page.locator('.entry[data-kind="accepted"]', { hasText: `visitor ${shopper}` }).filter({ has: page.locator('strong', { hasText: /^view accepted$/ }) })).toHaveCount(1);
  await expect(page.locator('.entry[data-kind="accepted"]', { hasText: `visitor ${shopper}` }).filter({ hasText: 'productView accepted' })).toHaveCount(1);
  await expect(page.locator('.entry[data-kind="accepted"]', { hasText: `visitor ${shopper}` }).filter({ hasText: 'addToBasket accepted' })).toHaveCount(1);
  await expect(page.locator('.entry[data-kind="accepted"]', { hasText: `visitor ${visitor} · event id ${visitor}-1` })).toContainText('search accepted');
  // The rejection, with the index, field and reason the relay answered.
  const rejected = page.locator('.entry[data-kind="rejected"]', { hasText: `event #1 rejected: addToBasket.productId` });
  await expect(rejected.first()).toContainText(rejection.reason);
  // The batches forwarded upstream, with their size, destination and Retail Rocket's 200.
  await expect.poll(() => forwardedSince(context.request, startedAt, 'retailrocket')).toBeGreaterThan(0);
  const forwarded = page.locator('.entry[data-kind="forwarded"]');
  // eSputnik is on in the e2e stack: its calls are listed beside Retail Rocket's.
  const toRetailRocket = forwarded.filter({ hasText: '→ Retail Rocket' });
  await expect(toRetailRocket.first()).toContainText(/\d+ events? → Retail Rocket/);
  await expect(toRetailRocket.first()).toContainText('upstream answered 200');
  const toEsputnik = forwarded.filter({ hasText: /\d+ events? → eSputnik/ });
  await expect(toEsputnik.first()).toBeVisible();
  // Each destination's own answer: eSputnik's tracker says 204.
  await expect(toEsputnik.first()).toContainText('upstream answered 204');

  // The health counters at the top come from the relay's report.
  const report = (await (await fetch(`${process.env.RELAY_URL}/health/report`, { headers: { authorization: `Bearer ${process.env.RELAY_HEALTH_TOKEN}` } })).json()) as {
    counts: { accepted: number; rejected: number };
  };
  expect(report.counts.accepted).toBeGreaterThanOrEqual(3);
  expect(report.counts.rejected).toBeGreaterThanOrEqual(1);
  const counter = async (key: string) => Number((await page.locator(`[data-counter="${key}"] strong`).textContent())?.replaceAll(',', ''));
  await expect.poll(() => counter('accepted')).toBeGreaterThanOrEqual(report.counts.accepted);
  await expect.poll(() => counter('rejected')).toBeGreaterThanOrEqual(report.counts.rejected);

  // Filters by kind: unticking "Accepted" hides those rows and keeps the others.
  await page.locator('.filter[data-filter="accepted"]').click();
  await expect(page.locator('.entry[data-kind="accepted"]:visible')).toHaveCount(0);
  await expect(rejected.first()).toBeVisible();
  await screenshot(page, testInfo, 'inspector');
  console.expectNone();
});

test('the inspector\'s page never holds the relay\'s token', async ({ page }) => {
  const bodies: string[] = [];
  page.on('response', async (response) => bodies.push(await response.text().catch(() => '')));
  await page.goto('/inspector');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'live');
  expect(bodies.length).toBeGreaterThan(2);
  for (const body of bodies) expect(body).not.toContain(process.env.RELAY_HEALTH_TOKEN!);
});

test('a crawler\'s browser is counted but never reaches Retail Rocket, and the inspector shows it', async ({ browser, page, context }) => {
  // The filter keys on the user agent of a page's request: the project's own browsers carry a shopper's (engines/playwright-visitor.ts).
  const crawlerContext = await browser.newContext({ userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', baseURL: process.env.DEMO_URL });
  const crawler = await crawlerContext.newPage();
  await crawler.goto('/product/123462');
  await crawler.click('#add-to-basket');
  const crawlerSession = await sessionId(crawlerContext);
  await crawler.close(); // the exit beacon carries whatever was still queued

  // The relay counted the crawler's events: the inspector shows the count and the entry with its user agent.
  await page.goto('/inspector');
  await expect.poll(async () => Number((await page.locator('[data-counter="botFiltered"] strong').textContent())?.replaceAll(',', '')), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(page.locator('.entry[data-kind="bot"]').first()).toContainText('Googlebot');

  // A shopper after it is forwarded as ever; the crawler's visitor never is.
  await page.goto('/product/123462');
  await waitForVisitorEvents(context, (mine) => mine.some((event) => event.method === 'view'));
  expect((await receivedEvents()).filter((event) => event.body.sessionExternalId === crawlerSession)).toEqual([]);
  await crawlerContext.close();
});

test('the inspector lists a dead letter with its reason, replays one once the cause is fixed, and drops another', async ({ page }) => {
  const upstreamConfig = (behaviour: object) => fetch(`${process.env.UPSTREAM_URL}/__upstream/config`, { method: 'POST', body: JSON.stringify(behaviour) });
  const visitor = `deadletters${Date.now()}`;
  const send = (productId: number) =>
    fetch(`${process.env.RELAY_URL}/1.0/visitorEvents?partnerId=${process.env.RR_PARTNER_ID}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify([{ view: { sessionExternalId: visitor, timestamp: new Date().toISOString(), productId }, eventId: `${visitor}-${productId}` }]),
    });
  const delivered = async () => (await receivedEvents()).filter((event) => event.body.sessionExternalId === visitor).map((event) => (event.body as { productId: number }).productId);
  try {
    // The feed lacks two products: the upstream refuses them (400), and the relay dead-letters each.
    await upstreamConfig({ rejectProductIds: [424242, 434343] });
    expect((await send(424242)).status).toBe(200);
    expect((await send(434343)).status).toBe(200);
    await page.goto('/inspector');
    const replayRow = page.locator('.dead-letter', { hasText: 'product 424242' });
    const dropRow = page.locator('.dead-letter', { hasText: 'product 434343' });
    await expect(replayRow).toContainText('upstream answered 400', { timeout: 15_000 });
    await expect(dropRow).toContainText(visitor);
    await expect(page.locator('[data-counter="deadLetters"] strong')).not.toHaveText('0');

    // The feed fixed: Replay sends the first back through the relay's queue, to the upstream once.
    await upstreamConfig({ rejectProductIds: [] });
    await replayRow.getByRole('button', { name: 'Replay' }).click();
    await expect(page.locator('#dead-letters-note')).toHaveText('1 replayed.');
    await expect(replayRow).toHaveCount(0);
    await expect.poll(delivered, { timeout: 15_000 }).toEqual([424242]);
    await expect(page.locator('.entry[data-kind="replayed"]').first()).toContainText('queued again');

    // Drop forgets the second: gone from the list, never delivered.
    await dropRow.getByRole('button', { name: 'Drop' }).click();
    await expect(page.locator('#dead-letters-note')).toHaveText('1 dropped.');
    await expect(dropRow).toHaveCount(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await delivered()).toEqual([424242]);
  } finally {
    await upstreamConfig({ rejectProductIds: [] });
  }
});

test('the inspector draws the flow: events accepted per second, upstream calls against the 50/s limit, pending and the oldest pending age', async ({ page }) => {
  await page.goto('/inspector');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'live');
  // A store's server sends a beacon of 5 events a second for a few seconds.
  const visitor = `flow${Date.now()}`;
  for (let second = 0; second < 4; second++) {
    const events = Array.from({ length: 5 }, (_, i) => ({ view: { sessionExternalId: visitor, productId: 100 + second * 5 + i }, eventId: `${visitor}-${second}-${i}` }));
    const answer = await fetch(`${process.env.RELAY_URL}/1.0/visitorEvents?partnerId=${process.env.RR_PARTNER_ID}`, { method: 'POST', body: JSON.stringify(events) });
    expect(answer.status).toBe(200);
    await page.waitForTimeout(1000);
  }
  const chart = (key: string) => page.locator(`#flow svg[data-chart="${key}"]`);
  await expect(chart('accepted')).toBeVisible();
  // Events arrived: some point of the accepted line stands above the chart's zero line (y 106: 120 high, 14 below).
  const highestPoint = async () => Math.min(...((await chart('accepted').locator('polyline').getAttribute('points')) ?? '').split(' ').map((point) => Number(point.split(',')[1])));
  await expect.poll(highestPoint).toBeLessThan(106);
  await expect(chart('accepted').locator('.chart-title')).toContainText('Events accepted');
  // Retail Rocket's calls, one line per destination and partner, under the dashed limit line.
  await expect(chart('calls').locator(`polyline[data-series="retailrocket · ${process.env.RR_PARTNER_ID}"]`)).toHaveCount(1);
  await expect(chart('calls').locator('.limit-label')).toHaveText('limit 50/s');
  await expect(chart('pending').locator('polyline').first()).toBeVisible();
  await expect(chart('oldest').locator('polyline').first()).toBeVisible();
  await expect(page.locator('#flow-legend')).toContainText('Retail Rocket');
});
