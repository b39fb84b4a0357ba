/**
 * Shortens a client-supplied name (a field, a method, a query parameter) to at
 * most `max` characters, ending in `…` when cut, so that a refusal, and every
 * log or feed that keeps it, stays small whatever a request holds.
 */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
