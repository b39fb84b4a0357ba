/**
 * How the answer was made, in the `x-rrelay-cache` header:
 * `hit` (fresh in the edge cache), `miss` (fetched now), `stale` (served while a
 * refresh runs), `stale-if-error` (the upstream failed, was slow or limited us and
 * an older impression stood in), `fallback` (the same, with nothing cached: 204).
 */
export type CacheOutcome = 'hit' | 'miss' | 'stale' | 'stale-if-error' | 'fallback';
