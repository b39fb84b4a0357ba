import * as v from 'valibot';
import { catalogId, stockId } from './fields.ts';
import { limits } from './limits.ts';
import { clip } from './clip.ts';

/**
 * The five kinds of Sponsored Products placement, by their path segment.
 * `productGroupPlacements` is the newer documents' spelling of `productGroupsPlacements`.
 */
export const placementKinds = [
  'anyPlacements',
  'productPlacements',
  'productGroupsPlacements',
  'productGroupPlacements',
  'categoryPlacements',
  'searchPlacements',
] as const;

/** One kind of placement, as it appears in the impressions path. */
export type PlacementKind = (typeof placementKinds)[number];

/** Tells whether a path segment names a placement kind. */
export function isPlacementKind(name: string): name is PlacementKind {
  return (placementKinds as readonly string[]).includes(name);
}

/** What content a placement can show: a text, a product shelf, or either. */
export const contentTypes = ['string', 'productIds'] as const;

const decimalId = v.pipe(
  v.string('is required'),
  v.regex(/^[1-9][0-9]{0,15}$/, 'must be a positive integer'),
  v.transform(Number),
  catalogId,
);

const sessionParam = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(limits.maxSponsoredSessionLength, 'must be at most 64 characters'),
);

const acceptContent = v.pipe(
  v.string('is required'),
  v.regex(/^(string|productIds)(,(string|productIds))?$/, 'must be a comma-separated list of string and productIds'),
);

const common = {
  session: v.optional(sessionParam),
  sessionExternalId: v.optional(sessionParam),
  acceptContent,
};

const productIdList = v.pipe(
  v.string('is required'),
  v.regex(/^[1-9][0-9]{0,15}(,[1-9][0-9]{0,15})*$/, 'must be comma-separated positive integers'),
  v.transform((list) => list.split(',').map(Number)),
  v.array(catalogId),
  v.maxLength(limits.maxProductIds, 'must hold at most 200 ids'),
);

/**
 * The query parameters each placement kind takes (besides `apiKey`, which only
 * the relay adds). Every kind takes `session` or `sessionExternalId` and `acceptContent`.
 */
export const impressionQuerySchemas = {
  anyPlacements: v.strictObject({ ...common }),
  productPlacements: v.strictObject({ ...common, productId: decimalId, stockId: v.optional(stockId) }),
  productGroupsPlacements: v.strictObject({ ...common, productIds: productIdList, stockId: v.optional(stockId) }),
  productGroupPlacements: v.strictObject({ ...common, productIds: productIdList, stockId: v.optional(stockId) }),
  categoryPlacements: v.strictObject({ ...common, categoryId: decimalId }),
  searchPlacements: v.strictObject({
    ...common,
    searchQuery: v.pipe(v.string('is required'), v.minLength(1, 'must not be empty'), v.maxLength(limits.maxSearchPhraseLength, 'must be at most 500 characters')),
  }),
} as const satisfies Record<PlacementKind, unknown>;

/** A placement id, as the store's list of placements names it. */
export const placementId = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(limits.maxShortStringLength, 'must be at most 100 characters'),
  v.regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, _, . and - only'),
  // `.` and `..` would be path steps, not an id, in the upstream URL the relay builds.
  v.check((id) => id !== '.' && id !== '..', 'must not be . or ..'),
);

/** The content of an impression: a text or a shelf of product ids. */
export const impressionContentSchema = v.union([
  v.object({ id: v.string(), string: v.string() }),
  v.object({ id: v.string(), productIds: v.array(catalogId) }),
]);

/** One Sponsored Products impression, as the API answers with status 200. */
export const impressionSchema = v.object({
  id: v.string(),
  content: impressionContentSchema,
});

/** One Sponsored Products impression. */
export type Impression = v.InferOutput<typeof impressionSchema>;

/** Parses a 200 answer's body as an impression; `null` when it is not JSON or breaks the contract. */
export function parseImpression(body: string): Impression | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  const result = v.safeParse(impressionSchema, value);
  return result.success ? result.output : null;
}

/** The validated query of an impressions request. */
export type ImpressionQuery<K extends PlacementKind = PlacementKind> = v.InferOutput<(typeof impressionQuerySchemas)[K]>;

/** Why an impressions request was refused. */
export interface QueryRejection {
  /** The query parameter (or `placementId`, `kind`) at fault. */
  param: string;
  reason: string;
}

/**
 * Validates an impressions request's path parts and query. Returns the
 * parsed query, or the first parameter at fault with its reason.
 */
export function checkImpressionRequest(
  kind: string,
  id: string,
  query: Record<string, string>,
): { ok: true; kind: PlacementKind; placementId: string; query: ImpressionQuery } | { ok: false; rejection: QueryRejection } {
  if (!isPlacementKind(kind)) return { ok: false, rejection: { param: 'kind', reason: `must be one of ${placementKinds.join(', ')}` } };
  const placement = v.safeParse(placementId, id);
  if (!placement.success) return { ok: false, rejection: { param: 'placementId', reason: placement.issues[0].message } };
  if (query.session === undefined && query.sessionExternalId === undefined) {
    return { ok: false, rejection: { param: 'sessionExternalId', reason: 'session or sessionExternalId is required' } };
  }
  const result = v.safeParse(impressionQuerySchemas[kind], query);
  if (!result.success) {
    const issue = result.issues[0];
    const param = clip(String(issue.path?.[0]?.key ?? ''), limits.maxEchoedNameLength);
    const reason = issue.expected === 'never' ? 'is not a parameter of this placement kind' : issue.received === 'undefined' ? 'is required' : issue.message;
    return { ok: false, rejection: { param, reason } };
  }
  return { ok: true, kind, placementId: placement.output, query: result.output };
}
