const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random id of letters and digits only, as Retail Rocket requires of
 * `sessionExternalId` (nanoid's default alphabet has `_` and `-`).
 * 22 characters of 62 carry 131 bits, more than a UUID.
 */
export function randomId(size = 22): string {
  let id = '';
  while (id.length < size) {
    for (const byte of crypto.getRandomValues(new Uint8Array(size * 2))) {
      // 248 = 4 × 62: bytes above it would favour the first letters.
      if (byte < 248 && id.length < size) id += alphabet[byte % 62];
    }
  }
  return id;
}
