/** A `Retry-After` longer than this is capped, so one odd or hostile header cannot silence a destination for days. */
export const maxRetryAfterMs = 10 * 60 * 1000;

/**
 * Milliseconds to wait according to a `Retry-After` header (delay-seconds or
 * an HTTP date), at most {@link maxRetryAfterMs}; `undefined` when the header
 * is missing or unreadable. The relay's one reading of the header, for every
 * upstream it calls.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  // delay-seconds are digits only; anything else must be an HTTP date, which names its day and month.
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : /[A-Za-z]/.test(value) ? Date.parse(value) - now : Number.NaN;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(maxRetryAfterMs, Math.max(0, ms));
}
