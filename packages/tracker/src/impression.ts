import type { Impression, PlacementKind } from '@rrelay/protocol';
import type { Tracker } from './create-tracker.ts';

/** What to ask the relay's Sponsored Products drop-in for: a placement and its page's context. */
export interface ImpressionRequest {
  /** The placement kind, e.g. `productPlacements`. */
  kind: PlacementKind;
  /** The placement's id, from the store's list of placements. */
  placementId: string;
  /** For `productPlacements`. */
  productId?: number;
  /** For `productGroupsPlacements`. */
  productIds?: number[];
  /** For `categoryPlacements`. */
  categoryId?: number;
  /** For `searchPlacements`. */
  searchQuery?: string;
  stockId?: string;
  /** What the page can show; default both, `string,productIds`. */
  acceptContent?: string;
}

/**
 * Asks the relay for the sponsored content of a placement
 * (`GET {endpoint}/v1/partners/{partnerId}/{kind}/{placementId}/impressions`).
 * Resolves `null` when there is nothing to show (204 is frequent and normal),
 * on any error, or without consent; never rejects.
 */
export async function impression(rr: Tracker, request: ImpressionRequest): Promise<Impression | null> {
  try {
    if (rr.consent != 'granted') return null;
    const { kind, placementId, acceptContent = 'string,productIds', ...context } = request;
    const query = new URLSearchParams({ sessionExternalId: rr.sessionId, acceptContent });
    for (const name in context) if ((context as any)[name] != null) query.set(name, (context as any)[name]);
    const response = await fetch(`${rr.endpoint}/v1/partners/${encodeURIComponent(rr.partnerId)}/${kind}/${encodeURIComponent(placementId)}/impressions?${query}`);
    return response.status == 200 ? await response.json() : null;
  } catch {
    return null;
  }
}
