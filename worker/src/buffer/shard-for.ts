/**
 * The buffer shard (0 … shards−1) that holds a visitor's events: a hash of
 * partner and visitor, so one visitor's events always meet in one shard (their
 * order and duplicate check live there) and visitors spread evenly.
 */
export function shardFor(partnerId: string, visitor: string, shards: number): number {
  let hash = 0x811c9dc5;
  const key = `${partnerId}:${visitor}`;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** The Durable Object name of shard `index`. */
export const shardName = (index: number) => `buffer-${index}`;
