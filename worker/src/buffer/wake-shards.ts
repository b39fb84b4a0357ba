import { everyShard } from './every-shard.ts';

/** Wakes every buffer shard so each resumes flushing: the cron's backstop for a lost alarm. */
export async function wakeShards(env: Env): Promise<void> {
  await Promise.all(everyShard(env).map((shard) => shard.wake()));
}
