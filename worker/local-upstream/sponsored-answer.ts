import type { Impression, ImpressionQuery, PlacementKind } from '@rrelay/protocol';

const hash = (text: string) => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
};

/** Product ids of a shelf when the store's feed is not given: 1 to 40. */
const defaultShelfProductIds = Array.from({ length: 40 }, (_, i) => i + 1);

/**
 * What the stand-in shows for a placement: deterministic per placement and
 * context, so tests can predict it. About one request in four gets 204 (nothing
 * to show), as on a real site (`emptyShare` of them); a placement id starting with `empty` always does.
 * Content is a product shelf (three of `shelfProductIds`, the store's feed ids) when
 * the placement accepts `productIds`, else text.
 */
export function sponsoredAnswer(
  kind: PlacementKind,
  placementId: string,
  query: ImpressionQuery,
  shelfProductIds: readonly number[] = defaultShelfProductIds,
  emptyShare = 0.25,
): Impression | null {
  const context = JSON.stringify([kind, placementId, query]);
  const h = hash(context);
  if (placementId.startsWith('empty') || (!placementId.startsWith('always') && (h % 1000) / 1000 < emptyShare)) return null;
  const contentId = `c${(h % 100000).toString(36)}${placementId.length}`;
  const impressionId = `i${hash(`${context}:${Date.now()}`).toString(36)}`;
  if (query.acceptContent.split(',').includes('productIds')) {
    const n = shelfProductIds.length;
    return { id: impressionId, content: { id: contentId, productIds: [0, 1, 2].map((i) => shelfProductIds[(h + i) % n]!) } };
  }
  return { id: impressionId, content: { id: contentId, string: `Sponsored: offer ${contentId}` } };
}
