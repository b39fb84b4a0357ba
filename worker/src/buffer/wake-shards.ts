import { bufferSettings } from '../config.ts';
import { shardName } from './shard-for.ts';

/** Wakes every buffer shard so each resumes flushing: the cron's backstop for a lost alarm. */
export async function wakeShards(env: Env): Promise<void> {
  const { shards } = bufferSettings(env);
  await Promise.all(Array.from({ length: shards }, (_, index) => env.BUFFER.getByName(shardName(index)).wake()));
}
