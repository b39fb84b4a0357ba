// How long a buffer shard takes to pick its next batch as the backlog grows: the shard's own tables
// (worker/src/buffer/shard-tables.ts) and its own pick (pending-queue.ts's queuedRows and withEvents,
// pick-batch.ts's pickBatch), run on Node's SQLite (node:sqlite) with 0, 10,000 and 100,000 events
// pending for one queue, from 1,000 visitors. workerd stops the clock inside a request, so a pick
// cannot be timed inside a Durable Object; this runs the same statements on the same engine. Prints
// the median and the 95th percentile of 200 picks of a 200-event batch at each size.
// Run: npx -y pnpm@10 --filter @rrelay/bench run pick-time
import { DatabaseSync } from 'node:sqlite';
import { queuedRows, withEvents } from '../worker/src/buffer/pending-queue.ts';
import { pickBatch } from '../worker/src/buffer/pick-batch.ts';
import { openShardTables } from '../worker/src/buffer/shard-tables.ts';

/** Durable Objects' `SqlStorage.exec` over node:sqlite: one statement with bindings, or a script without. */
function sqlStorage(db: DatabaseSync): SqlStorage {
  const exec = (query: string, ...bindings: unknown[]) => {
    if (bindings.length === 0 && query.trim().split(';').filter((part) => part.trim()).length > 1) {
      db.exec(query);
      return { toArray: () => [], one: () => undefined };
    }
    const statement = db.prepare(query);
    const reader = /^\s*(SELECT|WITH)\b/i.test(query);
    const rows = reader ? statement.all(...(bindings as never[])) : (statement.run(...(bindings as never[])), []);
    return { toArray: () => rows, one: () => rows[0] };
  };
  return { exec } as unknown as SqlStorage;
}

const sizes = [0, 10_000, 100_000];
const picks = 200;
const batchSize = 200;
const percentile = (values: number[], share: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * share))]!;
const event = JSON.stringify({ view: { productId: 123456, stockId: 'Berlin', sessionExternalId: 'v', timestamp: '2026-12-02T00:00:00+00:00' }, eventId: 'e'.repeat(28) });

console.log(`| events pending in the queue | pick median | pick p95 | rows read per pick |\n| ---: | ---: | ---: | ---: |`);
for (const size of sizes) {
  const db = new DatabaseSync(':memory:');
  const sql = sqlStorage(db);
  openShardTables(sql, 1_000_000);
  const insert = db.prepare('INSERT INTO pending (destination, partner_id, visitor, event, accepted_at) VALUES (?, ?, ?, ?, ?)');
  db.exec('BEGIN');
  for (let index = 0; index < size; index++) insert.run('retailrocket', 'p1', `visitor${index % 1000}`, event, 1_796_000_000_000 + index);
  db.exec('COMMIT');
  const timings: number[] = [];
  let read = 0;
  for (let pick = 0; pick < picks; pick++) {
    const started = performance.now();
    const rows = queuedRows(sql, 'retailrocket', 'p1', new Set());
    const batch = withEvents(sql, pickBatch(rows, new Set(), batchSize));
    timings.push(performance.now() - started);
    read = rows.length + batch.length;
  }
  console.log(`| ${size.toLocaleString('en')} | ${(percentile(timings, 0.5) * 1000).toFixed(0)} µs | ${(percentile(timings, 0.95) * 1000).toFixed(0)} µs | ${read.toLocaleString('en')} |`);
  db.close();
}
