/**
 * The most bound parameters one Durable Object SQLite statement takes
 * (Cloudflare's documented limit is 100).
 */
export const maxBoundParameters = 100;

/**
 * Writes `rows` with as few statements as the parameter limit allows: one
 * multi-row `VALUES (…), (…)` per chunk, instead of one statement per row,
 * which is most of what a shard's `accept` costs. `insert` is the statement up
 * to `VALUES` (`INSERT OR IGNORE INTO t (a, b)`); `tail` what follows the rows
 * (`ON CONFLICT …`, `RETURNING …`). Answers the rows every chunk returned.
 */
export function insertRows<T extends Record<string, SqlStorageValue> = Record<string, SqlStorageValue>>(
  sql: SqlStorage,
  insert: string,
  rows: readonly (readonly SqlStorageValue[])[],
  tail = '',
): T[] {
  const width = rows[0]?.length ?? 0;
  if (width === 0) return [];
  const perStatement = Math.max(1, Math.floor(maxBoundParameters / width));
  const placeholders = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  const returned: T[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values = chunk.map(() => placeholders).join(', ');
    returned.push(...sql.exec<T>(`${insert} VALUES ${values}${tail ? ` ${tail}` : ''}`, ...chunk.flat()).toArray());
  }
  return returned;
}
