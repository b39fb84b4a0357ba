import { expect, test } from '@playwright/test';
import { resetUpstream, waitForEvents } from './upstream-client.ts';

test.beforeEach(resetUpstream);

// Chromium only: Playwright's own page records every response the browser got, which WebDriver cannot.
// The path itself is tested in every engine by foundation.spec.ts.
test('the apiKey appears in nothing the browser received on the way from a product page to Retail Rocket', async ({ page, context }) => {
  const apiKey = process.env.RR_API_KEY_UNDER_TEST!;
  const seen: string[] = [];
  page.on('response', async (response) => {
    seen.push(response.url(), JSON.stringify(await response.allHeaders()));
    try {
      seen.push(await response.text());
    } catch {
      // bodies of redirects and beacons are not readable
    }
  });

  await page.goto('/product/123456');
  await page.click('#add-to-basket');

  const cookie = (await context.cookies()).find((c) => c.name === 'rrsid');
  // The events reached the upstream, which takes only the right apiKey: the relay added it.
  await waitForEvents((all) => all.some((e) => e.method === 'addToBasket' && e.body.sessionExternalId === cookie?.value));

  // The browser never saw it.
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.join('\n')).not.toContain(apiKey);
  expect(await page.content()).not.toContain(apiKey);
});
