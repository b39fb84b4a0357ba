import { bufferSettings } from '../config.ts';
import { shardName } from './shard-for.ts';
import type { VisitorBuffer } from './visitor-buffer.ts';

/** A stub of each buffer shard, by index (0 … `BUFFER_SHARDS` − 1): what the operator endpoints and the cron fan out to. */
export function everyShard(env: Env): DurableObjectStub<VisitorBuffer>[] {
  return Array.from({ length: bufferSettings(env).shards }, (_, index) => env.BUFFER.getByName(shardName(index)));
}
