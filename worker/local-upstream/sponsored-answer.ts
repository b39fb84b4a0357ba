import type { Impression, ImpressionQuery, PlacementKind } from '@rrelay/protocol';

const hash = (text: string) => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
};

/**
 * What the stand-in shows for a placement: deterministic per placement and
 * context, so tests can predict it. About one request in four gets 204 (nothing
 * to show), as on a real site; a placement id starting with `empty` always does.
 * Content is a product shelf when the placement accepts `productIds`, else text.
 */
export function sponsoredAnswer(kind: PlacementKind, placementId: string, query: ImpressionQuery): Impression | null {
  const context = JSON.stringify([kind, placementId, query]);
  const h = hash(context);
  if (placementId.startsWith('empty') || (!placementId.startsWith('always') && h % 4 === 0)) return null;
  const contentId = `c${(h % 100000).toString(36)}${placementId.length}`;
  const impressionId = `i${hash(`${context}:${Date.now()}`).toString(36)}`;
  if (query.acceptContent.split(',').includes('productIds')) {
    const base = (h % 40) + 1;
    return { id: impressionId, content: { id: contentId, productIds: [base, base + 1, base + 2].map((n) => ((n - 1) % 40) + 1) } };
  }
  return { id: impressionId, content: { id: contentId, string: `Sponsored: offer ${contentId}` } };
}
