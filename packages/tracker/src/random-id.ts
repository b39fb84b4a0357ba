/**
 * A random id of 28 lowercase letters and digits (128 random bits), fit both
 * for `sessionExternalId` (letters and digits only, as Retail Rocket requires;
 * nanoid's default alphabet has `_` and `-`) and for the tracker's `eventId`.
 */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36).padStart(7, '0')).join('');
}
