import type { Tracker } from './create-tracker.ts';
import type { storeEvents } from './store-events.ts';

/** The attributes that declare what a page (or a part of it) shows: watched for elements and for value changes. */
const pageLevelAttributes = ['data-rr-view', 'data-rr-group-view', 'data-rr-product-ids', 'data-rr-category-view', 'data-rr-search-phrase', 'data-rr-recom-block', 'data-rr-impression-content'];

/** What one tracker's auto-tracking remembers, kept across `autoTrack` calls (a framework that mounts twice). */
interface Memory {
  /** The page's path when last looked at: another path is another page view. */
  path: string;
  /** What was sent in this page view, as kind and value: the same again on another element sends nothing. */
  sent: Set<string>;
  /** What each element showed when last looked at, by kind: an element showing the same again sends nothing. */
  shown: WeakMap<Element, Record<string, string | undefined>>;
}

type Dataset = DOMStringMap;

/** Page-level events, sent as soon as an element shows a new value, by the `dataset` key that declares them. */
const atOnce: Record<string, (rr: Tracker, own: Dataset, stockId: string | undefined) => void> = {
  // A price (store events only: storeEvents' view takes it) adds productView for eSputnik and the like;
  // rr.js, built without the store events, carries none of it.
  rrView: (rr, own, stockId) =>
    rr.view({ productId: +own.rrView!, stockId, ...(__STORE_EVENTS__ && own.rrPrice && 'cart' in rr && { price: +own.rrPrice, currency: own.rrCurrency }) }),
  rrGroupView: (rr, own, stockId) => rr.groupView({ groupId: +own.rrGroupView!, productIds: (own.rrProductIds || '').split(',').map(Number), stockId }),
  rrCategoryView: (rr, own) => rr.categoryView({ categoryId: +own.rrCategoryView! }),
  rrSearchPhrase: (rr, own, stockId) => rr.search({ searchPhrase: own.rrSearchPhrase!, stockId }),
};

/** Events sent once the element is at least half visible, by the `dataset` key that declares them. */
const whenSeen: Record<string, (rr: Tracker, id: string) => void> = {
  rrRecomBlock: (rr, recomBlockId) => rr.recomBlockViewed({ recomBlockId }),
  rrImpressionContent: (rr, impressionContentId) => rr.impressionContentViewed({ impressionContentId }),
};

const memories = new WeakMap<Tracker, Memory>();

/**
 * Tracks what the page declares with `data-rr-*` attributes (see the README's
 * table), for elements present now, added later, or whose attributes change:
 * - page level: `data-rr-view` (+ `data-rr-price`, `data-rr-currency` with {@link storeEvents}),
 *   `data-rr-group-view` (+ `data-rr-product-ids`), `data-rr-category-view`, `data-rr-search-phrase`;
 * - at ≥50 % visible: `data-rr-recom-block` → recomBlockViewed, `data-rr-impression-content` → impressionContentViewed;
 * - clicks: `data-rr-product-id` in a block → recomTap, `data-rr-add-to-basket` → recomAddToBasket in a block,
 *   addToBasket outside, `data-rr-impression-content` → impressionContentClicked;
 * - `<form data-rr-search="<input name>">` submit → search.
 * `stockId` comes from the nearest `data-rr-stock-id` (the element, an ancestor, `<body>` or `<html>`).
 *
 * Single-page storefronts: a value is sent once per page view. A new page view begins when the path
 * changes (`pushState`, `popstate`, a framework's router: a query-string or hash change is the same
 * page). An element that shows a new value sends it; an element that shows what it showed before sends
 * nothing (a re-render, or the old page still on screen while the next one loads); the same value on
 * another element sends nothing in the same page view (a remount) and again in the next (A → B → A is
 * three views). Nothing in the page's own APIs is wrapped: the path is read when the DOM changes.
 *
 * Returns a function that stops auto-tracking (observers and listeners). What was sent is remembered
 * per tracker, so calling `autoTrack` again for the same tracker (React's StrictMode mounts twice)
 * sends nothing twice.
 */
export function autoTrack(rr: Tracker): () => void {
  // Made here rather than at the top of the module, so that an application importing only createTracker
  // from the ES module carries none of it (a bundler keeps a top-level call, not knowing it is pure).
  const pageLevel = pageLevelAttributes.map((name) => `[${name}]`).join();
  const memory = memories.get(rr) || { path: '', sent: new Set(), shown: new WeakMap() };
  memories.set(rr, memory);
  const stockId = (element: Element) => (element.closest('[data-rr-stock-id]') as HTMLElement | null)?.dataset.rrStockId || undefined;
  const data = (element: Element | null) => (element as HTMLElement | null)?.dataset;
  // A group view is new when its products change too.
  const valueOf = (own: Dataset, kind: string) => (kind == 'rrGroupView' && own[kind] ? own[kind] + ':' + own.rrProductIds : own[kind]);
  const unsent = (own: Dataset, kind: string) => own[kind] && !memory.sent.has(kind + valueOf(own, kind));
  const send = (own: Dataset, kind: string) => memory.sent.add(kind + valueOf(own, kind));

  const visible = new IntersectionObserver(
    (entries) => {
      for (const { isIntersecting, target } of entries) {
        if (!isIntersecting) continue;
        visible.unobserve(target);
        const own = data(target)!;
        for (const kind in whenSeen) {
          if (!unsent(own, kind)) continue;
          send(own, kind);
          whenSeen[kind]!(rr, own[kind]!);
        }
      }
    },
    { threshold: 0.5 },
  );

  // Sends what an element shows that is new: another value than it showed before, not sent yet in this page view.
  const look = (element: HTMLElement) => {
    const own = element.dataset;
    const shown = memory.shown.get(element) || {};
    memory.shown.set(element, shown);
    for (const kind in atOnce) {
      if (shown[kind] == valueOf(own, kind)) continue;
      shown[kind] = valueOf(own, kind);
      if (!unsent(own, kind)) continue;
      send(own, kind);
      atOnce[kind]!(rr, own, stockId(element));
    }
    // A block or sponsored content showing another id is watched again, and reported when half visible;
    // one not reported yet is watched (again, after autoTrack was stopped and started).
    for (const kind in whenSeen) {
      if (shown[kind] != own[kind]) visible.unobserve(element);
      shown[kind] = own[kind];
      if (unsent(own, kind)) visible.observe(element);
    }
  };

  // Each element under `root` (itself included) that declares something.
  const declaring = (root: Node): HTMLElement[] =>
    root instanceof Element ? [...(root.matches(pageLevel) ? [root as HTMLElement] : []), ...root.querySelectorAll<HTMLElement>(pageLevel)] : [];

  const newPageViewIfMoved = () => {
    if (location.pathname == memory.path) return;
    memory.path = location.pathname;
    memory.sent.clear();
  };

  newPageViewIfMoved();
  for (const element of declaring(document.documentElement)) look(element);

  // Only what changed is looked at: added subtrees, and elements whose page-level attributes changed.
  const changes = new MutationObserver((records) => {
    newPageViewIfMoved();
    for (const record of records) {
      if (record.type == 'attributes') look(record.target as HTMLElement);
      // Put on the page: whatever it shows is new to it, even if it was there before (a cached view put back).
      for (const node of record.addedNodes) {
        for (const element of declaring(node)) {
          memory.shown.delete(element);
          look(element);
        }
      }
    }
  });
  changes.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: pageLevelAttributes });

  // Capture phase: a storefront's stopPropagation() must not hide the click.
  const onClick = ({ target }: Event) => {
    const at = (selector: string) => (target as Element).closest?.(selector) as HTMLElement | null;
    const content = at('[data-rr-impression-content]');
    const block = data(at('[data-rr-recom-block]'))?.rrRecomBlock;
    const basket = at('[data-rr-add-to-basket]');
    const product = at('[data-rr-product-id]');
    if (content) rr.impressionContentClicked({ impressionContentId: content.dataset.rrImpressionContent! });
    if (basket) {
      const fields = { productId: +basket.dataset.rrAddToBasket!, stockId: stockId(basket) };
      if (block) rr.recomAddToBasket({ ...fields, recomBlockId: block });
      else rr.addToBasket(fields);
    } else if (product && block) rr.recomTap({ productId: +product.dataset.rrProductId!, recomBlockId: block, stockId: stockId(product) });
  };
  const onSubmit = ({ target }: Event) => {
    const form = target as HTMLFormElement;
    const input = form.dataset?.rrSearch && (form.elements.namedItem(form.dataset.rrSearch) as HTMLInputElement | null);
    const searchPhrase = input && input.value.trim();
    if (searchPhrase) rr.search({ searchPhrase, stockId: stockId(form) });
  };
  addEventListener('click', onClick, true);
  addEventListener('submit', onSubmit, true);

  return () => {
    changes.disconnect();
    visible.disconnect();
    removeEventListener('click', onClick, true);
    removeEventListener('submit', onSubmit, true);
  };
}
