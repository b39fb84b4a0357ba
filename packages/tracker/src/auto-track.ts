import type { Tracker } from './create-tracker.ts';
import type { storeEvents } from './store-events.ts';

const pageLevel = '[data-rr-recom-block],[data-rr-impression-content],[data-rr-view],[data-rr-group-view],[data-rr-category-view],[data-rr-search-phrase]';

/**
 * Tracks what the page declares with `data-rr-*` attributes (see the README's
 * table), for elements present now and added later:
 * - page level, once per element: `data-rr-view` (+ `data-rr-price`, `data-rr-currency` with {@link storeEvents}),
 *   `data-rr-group-view` (+ `data-rr-product-ids`),
 *   `data-rr-category-view`, `data-rr-search-phrase`;
 * - once at ≥50 % visible: `data-rr-recom-block` → recomBlockViewed, `data-rr-impression-content` → impressionContentViewed;
 * - clicks: `data-rr-product-id` in a block → recomTap, `data-rr-add-to-basket` → recomAddToBasket in a block,
 *   addToBasket outside, `data-rr-impression-content` → impressionContentClicked;
 * - `<form data-rr-search="<input name>">` submit → search.
 * `stockId` comes from the nearest `data-rr-stock-id` (the element, an ancestor, `<body>` or `<html>`).
 */
export function autoTrack(rr: Tracker): void {
  const seen = new WeakSet<Element>();
  const stockId = (element: Element) => (element.closest('[data-rr-stock-id]') as HTMLElement | null)?.dataset.rrStockId || undefined;
  const data = (element: Element | null) => (element as HTMLElement | null)?.dataset;

  const visible = new IntersectionObserver(
    (entries) => {
      for (const { isIntersecting, target } of entries) {
        if (!isIntersecting) continue;
        visible.unobserve(target);
        const own = data(target)!;
        if (own.rrRecomBlock) rr.recomBlockViewed({ recomBlockId: own.rrRecomBlock });
        if (own.rrImpressionContent) rr.impressionContentViewed({ impressionContentId: own.rrImpressionContent });
      }
    },
    { threshold: 0.5 },
  );

  const scan = () => {
    for (const element of document.querySelectorAll<HTMLElement>(pageLevel)) {
      if (seen.has(element)) continue;
      seen.add(element);
      const own = element.dataset;
      const stock = stockId(element);
      if (own.rrRecomBlock || own.rrImpressionContent) visible.observe(element);
      // A price (store events only: storeEvents' view takes it) adds productView for eSputnik and the like.
      if (own.rrView) rr.view({ productId: +own.rrView, stockId: stock, ...(own.rrPrice && 'cart' in rr && { price: +own.rrPrice, currency: own.rrCurrency }) });
      if (own.rrGroupView) rr.groupView({ groupId: +own.rrGroupView, productIds: (own.rrProductIds || '').split(',').map(Number), stockId: stock });
      if (own.rrCategoryView) rr.categoryView({ categoryId: +own.rrCategoryView });
      if (own.rrSearchPhrase) rr.search({ searchPhrase: own.rrSearchPhrase, stockId: stock });
    }
  };
  scan();
  new MutationObserver(scan).observe(document, { childList: true, subtree: true });

  // Capture phase: a storefront's stopPropagation() must not hide the click.
  addEventListener(
    'click',
    ({ target }) => {
      const at = (selector: string) => (target as Element).closest?.(selector) as HTMLElement | null;
      const content = at('[data-rr-impression-content]');
      const block = data(at('[data-rr-recom-block]'))?.rrRecomBlock;
      const basket = at('[data-rr-add-to-basket]');
      const product = at('[data-rr-product-id]');
      if (content) rr.impressionContentClicked({ impressionContentId: content.dataset.rrImpressionContent! });
      if (basket) {
        const fields = { productId: +basket.dataset.rrAddToBasket!, stockId: stockId(basket) };
        block ? rr.recomAddToBasket({ ...fields, recomBlockId: block }) : rr.addToBasket(fields);
      } else if (product && block) rr.recomTap({ productId: +product.dataset.rrProductId!, recomBlockId: block, stockId: stockId(product) });
    },
    true,
  );

  addEventListener(
    'submit',
    ({ target }) => {
      const form = target as HTMLFormElement;
      const input = form.dataset?.rrSearch && (form.elements.namedItem(form.dataset.rrSearch) as HTMLInputElement | null);
      const searchPhrase = input && input.value.trim();
      if (searchPhrase) rr.search({ searchPhrase, stockId: stockId(form) });
    },
    true,
  );
}
