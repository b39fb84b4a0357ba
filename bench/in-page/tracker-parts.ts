// The in-page half of tracker-main-thread.ts, bundled with the tracker's own modules (src/) as the
// production build does (no debug output): `window.trackerBench` times rr.view() and each part of a call.
import { checkFields } from '../../packages/tracker/src/check-fields.ts';
import { localTimestamp } from '../../packages/tracker/src/local-timestamp.ts';
import { trackedAt } from '../../packages/tracker/src/outbox.ts';
import { randomId } from '../../packages/tracker/src/random-id.ts';
import { longestTaskDuring, timeCallsInOneTask, timeEach, timeLoneTasks } from './time-tasks.ts';

const fields = { productId: 1, stockId: 'Berlin' };
const eventOf = (i: number) => ({ view: { ...fields, sessionExternalId: 'abc', timestamp: '2026-12-02T12:00:00+01:00' }, eventId: 'e' + i });
const outboxUrl = 'http://relay/1.0/visitorEvents?partnerId=p';
const rr = () => (window as any).rr;

const openDatabase = () =>
  new Promise<IDBDatabase>((resolve, reject) => {
    const opening = indexedDB.open('tracker-bench');
    opening.onupgradeneeded = () => opening.result.createObjectStore('copies');
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });

/** Copies `count` events to IndexedDB in one transaction, `perPut` to a record; µs per event. */
async function timePuts(database: IDBDatabase, count: number, perPut: number): Promise<number> {
  const transaction = database.transaction('copies', 'readwrite');
  const copies = transaction.objectStore('copies');
  let record: unknown[] = [];
  const µs = timeEach((i) => {
    record.push([Date.now() + i / 1000, eventOf(i), false]);
    if (record.length < perPut) return;
    copies.put(perPut == 1 ? record[0] : record, [outboxUrl, perPut, i]);
    record = [];
  }, count);
  await new Promise((resolve) => (transaction.oncomplete = transaction.onabort = resolve));
  return µs;
}

(window as any).trackerBench = {
  /**
   * `count` rr.view() calls in one task, then a lone event; the sends are let finish after each. Also the
   * longest task while the calls' sends go (in-page/time-tasks.ts's ticker), in ms.
   */
  async tracking(count: number) {
    const inOneTask = await timeCallsInOneTask((i) => rr().view({ productId: 1 + (i % 500), stockId: 'Berlin' }), count);
    const longestTask = await longestTaskDuring(() => rr().flush());
    const lone = await timeLoneTasks((i) => rr().view({ productId: 1 + i, stockId: 'Berlin' }));
    await rr().flush();
    return { ...inOneTask, lone, longestTask };
  },
  /** Each part of a call alone, `count` times: name and µs pairs, in order (WebDriver does not keep an object's key order). */
  async breakdown(count: number): Promise<[string, number][]> {
    const database = await openDatabase();
    const results: [string, number][] = [
      ['event id', timeEach(() => randomId(), count)],
      ['timestamp', timeEach(() => localTimestamp(), count)],
      ['tracked time', timeEach(() => trackedAt(), count)],
      ['event object', timeEach(eventOf, count)],
      ['navigator.onLine', timeEach(() => navigator.onLine, count)],
      ['timer', timeEach(() => clearTimeout(setTimeout(() => {}, 1000)), count)],
      ['field checks (debug)', timeEach(() => checkFields('view', fields), count)],
      // Both ways in one run: a put per copy (what the outbox did before), a put per task's copies (keepCopies).
      ['outbox, a put per event', await timePuts(database, count, 1)],
      ['outbox, a put per 50 events', await timePuts(database, count, 50)],
      [
        'outbox, a transaction in its own task',
        await timeLoneTasks((i) => {
          const transaction = database.transaction('copies', 'readwrite');
          transaction.objectStore('copies').put([Date.now(), eventOf(i), false], [outboxUrl, 'lone', i]);
          transaction.commit?.();
        }),
      ],
    ];
    database.close();
    return results;
  },
};
