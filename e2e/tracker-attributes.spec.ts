import { expect, test } from './engines/engine-test.ts';
import { fixtureUrl } from './fixture-server.ts';
import { type Fields, flushTracker, pause } from './tracker-calls.ts';
import { receivedEvents, waitForEvents } from './upstream-client.ts';

const bodies = async (method: string) => (await receivedEvents()).filter((event) => event.method === method).map((event) => event.body as Fields);

test('every data attribute is tracked, with stockId from the nearest data-rr-stock-id, and once per element', async ({ visitor }) => {
  const tab = await visitor.newTab();
  await tab.goto(fixtureUrl('attributes.html'));
  await tab.waitFor(() => (window as any).rr?.flush);
  await flushTracker(tab);
  // Page level, at once.
  await waitForEvents((all) => all.length >= 4);
  expect(await bodies('view')).toMatchObject([{ productId: 123456, stockId: 'Berlin' }]);
  expect(await bodies('groupView')).toMatchObject([{ groupId: 654321, productIds: [1, 2, 3], stockId: 'Berlin' }]);
  expect(await bodies('categoryView')).toEqual([expect.not.objectContaining({ stockId: expect.anything() })]);
  expect((await bodies('categoryView'))[0]).toMatchObject({ categoryId: 42 });
  expect(await bodies('search')).toMatchObject([{ searchPhrase: 'red tent', stockId: 'Berlin' }]);
  // The block and the sponsored content are below the fold: not seen yet.
  expect(await bodies('recomBlockViewed')).toEqual([]);
  expect(await bodies('impressionContentViewed')).toEqual([]);

  await tab.scrollIntoView('#block');
  await tab.scrollIntoView('#sponsored');
  await tab.click('#basket-outside');
  await tab.click('#tile');
  await tab.click('#basket-inside');
  await tab.click('#sponsored');
  await tab.click('#search button');
  await tab.evaluate(() => (window as any).addLate());
  await pause(300);
  // Scrolling away and back must not count the block twice.
  await tab.evaluate(() => window.scrollTo(0, 0));
  await pause(200);
  await tab.scrollIntoView('#block');
  await pause(200);
  await flushTracker(tab);

  await waitForEvents((all) => all.some((event) => event.method === 'recomBlockViewed' && (event.body as Fields).recomBlockId === 'late-block'));
  expect(await bodies('addToBasket')).toMatchObject([{ productId: 777, stockId: 'Munich' }]);
  expect(await bodies('recomTap')).toMatchObject([{ productId: 555, recomBlockId: 'pdp-similar', stockId: 'Berlin' }]);
  expect(await bodies('recomAddToBasket')).toMatchObject([{ productId: 556, recomBlockId: 'pdp-similar', stockId: 'Berlin' }]);
  expect(await bodies('impressionContentViewed')).toMatchObject([{ impressionContentId: 'content-9' }]);
  expect(await bodies('impressionContentClicked')).toMatchObject([{ impressionContentId: 'content-9' }]);
  expect((await bodies('search')).map((body) => body.searchPhrase)).toEqual(['red tent', 'sleeping bag']);
  expect((await bodies('view')).map((body) => [body.productId, body.stockId])).toEqual([[123456, 'Berlin'], [888, 'Berlin']]);
  expect((await bodies('recomBlockViewed')).map((body) => body.recomBlockId)).toEqual(['pdp-similar', 'late-block']);
});
