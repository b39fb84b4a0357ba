import type { ImpressionQuery, PlacementKind } from '@rrelay/protocol';
import type { SponsoredConfig } from './config.ts';

/** What identifies one answer of the Sponsored Products API. */
export interface ImpressionRequest {
  partnerId: string;
  kind: PlacementKind;
  placementId: string;
  query: ImpressionQuery;
}

/** Both spellings of the product-group kind name the same resource, so they share cache entries. */
const canonicalKind = (kind: PlacementKind) => (kind === 'productGroupPlacements' ? 'productGroupsPlacements' : kind);

/** Tells whether a placement's answers are shared by all sessions (`SP_SHARED_PLACEMENTS`, by `kind/placementId`). */
export function isSharedPlacement(request: Pick<ImpressionRequest, 'kind' | 'placementId'>, config: Pick<SponsoredConfig, 'sharedPlacements'>): boolean {
  return config.sharedPlacements.has(`${canonicalKind(request.kind)}/${request.placementId}`) || config.sharedPlacements.has(`${request.kind}/${request.placementId}`);
}

/**
 * The session a shared placement is asked for upstream: one answer serves
 * every visitor, so it must not be made for (or reveal) the first one's.
 */
export const sharedPlacementSession = 'rrelayshared';

/**
 * The query sent upstream for an impressions request: as the visitor sent it,
 * except that a shared placement is asked for {@link sharedPlacementSession}
 * instead of the visitor's own session.
 */
export function upstreamQuery(search: URLSearchParams, shared: boolean): string {
  if (!shared) return search.size ? `?${search}` : '';
  const query = new URLSearchParams(search);
  query.delete('session');
  query.delete('sessionExternalId');
  query.set('sessionExternalId', sharedPlacementSession);
  return `?${query}`;
}

/**
 * The edge-cache key of an impressions request: a URL under the relay's own
 * origin holding every parameter that changes the answer, in a fixed order
 * (`acceptContent` sorted, as its order does not matter). The session is part of
 * the key unless the placement is shared; `apiKey` never is.
 */
export function impressionCacheKey(origin: string, request: ImpressionRequest, config: Pick<SponsoredConfig, 'sharedPlacements'>): string {
  const { query } = request;
  const params = new URLSearchParams();
  params.set('acceptContent', [...new Set(query.acceptContent.split(','))].sort().join(','));
  if ('productId' in query) params.set('productId', String(query.productId));
  if ('productIds' in query) params.set('productIds', query.productIds.join(','));
  if ('categoryId' in query) params.set('categoryId', String(query.categoryId));
  if ('searchQuery' in query) params.set('searchQuery', query.searchQuery);
  if ('stockId' in query && query.stockId !== undefined) params.set('stockId', query.stockId);
  if (!isSharedPlacement(request, config)) {
    if (query.session !== undefined) params.set('session', query.session);
    if (query.sessionExternalId !== undefined) params.set('sessionExternalId', query.sessionExternalId);
  }
  const path = [request.partnerId, canonicalKind(request.kind), request.placementId].map(encodeURIComponent).join('/');
  return `${origin}/__sponsored-cache/v1/${path}?${params}`;
}
