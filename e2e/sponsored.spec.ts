import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { Impression } from '@rrelay/protocol';
import { startRelay, stopProcess, testPorts } from '../scripts/stack.ts';
import { resetUpstream, waitForEvents } from './upstream-client.ts';

// The sponsored shelf in real Chromium. The fixture pages (e2e/fixtures/sponsored/)
// use the demo's sponsored-shelf.js; a small static server serves them and this
// spec starts its own relay under `wrangler dev` that allows that origin, in
// front of the local upstream the global setup started.
const fixtures = fileURLToPath(new URL('./fixtures/sponsored/', import.meta.url));
const demoPages = fileURLToPath(new URL('../demo-site/pages/', import.meta.url));
const { demoPort: fixturePort, relayPort } = testPorts(30);
const fixtureUrl = `http://127.0.0.1:${fixturePort}`;
const relayUrl = `http://127.0.0.1:${relayPort}`;
let server: Server;
let relay: ChildProcess;

/** Serves `/sponsored-fixture/<file>` from the fixtures and `/<file>` from the demo's pages, with the relay filled in. */
async function serveFixture(req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? '/', fixtureUrl).pathname;
  const name = basename(path);
  const file = path.startsWith('/sponsored-fixture/') ? join(fixtures, name) : join(demoPages, name);
  try {
    const text = (await readFile(file, 'utf8')).replaceAll('{{RELAY_URL}}', relayUrl).replaceAll('{{PARTNER_ID}}', process.env.RR_PARTNER_ID!);
    const type = name.endsWith('.js') ? 'text/javascript' : name.endsWith('.css') ? 'text/css' : 'text/html';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(text);
  } catch {
    res.writeHead(404).end('not found');
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = createServer((req, res) => void serveFixture(req, res));
  await new Promise<void>((resolve) => server.listen(fixturePort, '127.0.0.1', resolve));
  relay = await startRelay(
    relayPort,
    {
      RR_API_KEY: process.env.RR_API_KEY_UNDER_TEST!,
      RR_PARTNER_ID: process.env.RR_PARTNER_ID!,
      RR_TRACKING_URL: `${process.env.UPSTREAM_URL}/1.0/`,
      RR_SP_URL: `${process.env.UPSTREAM_URL}/v1/`,
      ALLOWED_ORIGINS: fixtureUrl,
    },
    mkdtempSync(join(tmpdir(), 'rrelay-e2e-sp-')),
  );
});

test.afterAll(async () => {
  await stopProcess(relay);
  await new Promise((resolve) => server.close(resolve));
});

const pageErrors: string[] = [];

test.beforeEach(async ({ page }) => {
  pageErrors.length = 0;
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await resetUpstream();
});

test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

const pages = [
  { page: 'product', kind: 'productPlacements', context: { productId: '123456', stockId: 'Berlin' }, shelf: 'productIds' },
  { page: 'category', kind: 'categoryPlacements', context: { categoryId: '12' }, shelf: 'string' },
  { page: 'search', kind: 'searchPlacements', context: { searchQuery: 'tent' }, shelf: 'productIds' },
] as const;

for (const { page: name, kind, context, shelf } of pages) {
  test(`the ${name} page shows a sponsored shelf from the relay; its view and click reach Retail Rocket with the content id`, async ({ page, context: browser }) => {
    const answer = page.waitForResponse((r) => r.url().includes(`/${kind}/`) && r.url().includes('/impressions?'), { timeout: 15_000 });
    await page.goto(`${fixtureUrl}/sponsored-fixture/${name}.html`);
    const response = await answer;
    expect(response.status(), pageErrors.join('\n')).toBe(200);
    const impression = (await response.json()) as Impression;
    await expect(page.locator('html')).toHaveAttribute('data-sponsored-ready', 'shown');

    const element = page.locator('[data-rr-impression-content]');
    await expect(element).toHaveAttribute('data-rr-impression-content', impression.content.id);
    if (shelf === 'productIds') {
      expect('productIds' in impression.content).toBe(true);
      const ids = (impression.content as { productIds: number[] }).productIds;
      await expect(element.locator('li')).toHaveText(ids.map((id) => `Tent model ${id}`));
    } else {
      await expect(element.locator('.sponsored-text')).toHaveText((impression.content as { string: string }).string);
    }

    // The relay asked the upstream with the page's context and the visitor's session (the key was added by the relay).
    const session = (await browser.cookies()).find((c) => c.name === 'rrsid')!.value;
    const upstreamCalls = (await (await fetch(`${process.env.UPSTREAM_URL}/__upstream/accepted`)).json()) as { method: string; query: Record<string, string> }[];
    expect(upstreamCalls.filter((call) => call.method === 'impressions').map((call) => call.query)).toContainEqual(
      expect.objectContaining({ ...context, sessionExternalId: session }),
    );

    // Below the fold: not viewed yet.
    await page.waitForTimeout(500);
    const early = await waitForEvents(() => true);
    expect(early.filter((e) => e.method === 'impressionContentViewed')).toEqual([]);

    await element.scrollIntoViewIfNeeded();
    const viewed = await waitForEvents((all) => all.some((e) => e.method === 'impressionContentViewed'));
    expect(viewed.filter((e) => e.method === 'impressionContentViewed').map((e) => e.body)).toEqual([
      expect.objectContaining({ impressionContentId: impression.content.id, sessionExternalId: session }),
    ]);

    await element.click();
    const clicked = await waitForEvents((all) => all.some((e) => e.method === 'impressionContentClicked'));
    expect(clicked.filter((e) => e.method === 'impressionContentClicked').map((e) => e.body)).toEqual([
      expect.objectContaining({ impressionContentId: impression.content.id, sessionExternalId: session }),
    ]);
  });
}

test('a placement with nothing to show leaves no shelf', async ({ page }) => {
  const answer = page.waitForResponse((r) => r.url().includes('/impressions?'), { timeout: 15_000 });
  await page.goto(`${fixtureUrl}/sponsored-fixture/empty.html`);
  expect((await answer).status()).toBe(204);
  await expect(page.locator('html')).toHaveAttribute('data-sponsored-ready', 'empty');
  await expect(page.locator('[data-rr-impression-content]')).toHaveCount(0);
  await expect(page.locator('#sponsored')).toBeHidden();
});
