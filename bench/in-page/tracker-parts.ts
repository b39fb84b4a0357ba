// The in-page half of tracker-main-thread.ts, bundled with the tracker's own modules (src/) as the
// production build does (no debug output): `window.trackerBench` times rr.view() and each part of a call.
import { checkFields } from '../../packages/tracker/src/check-fields.ts';
import { localTimestamp } from '../../packages/tracker/src/local-timestamp.ts';
import { freshCopy, keepCopies, type KeptCopy, outbox, trackedAt } from '../../packages/tracker/src/outbox.ts';
import { randomId } from '../../packages/tracker/src/random-id.ts';
import { longestTaskDuring, timeCallsInOneTask, timeEach, timeLoneTasks } from './time-tasks.ts';

const fields = { productId: 1, stockId: 'Berlin' };
const eventOf = (i: number) => ({ view: { ...fields, sessionExternalId: 'abc', timestamp: '2026-12-02T12:00:00+01:00' }, eventId: 'e' + i });
const outboxUrl = 'http://relay/1.0/visitorEvents?partnerId=p';
const rr = () => (window as any).rr;

/** Removes what the breakdown wrote to the outbox at `outboxUrl` (not the tracker's own URL). */
const clearBenchOutbox = () => outbox(outboxUrl, () => []);

/** Copies `count` events to the outbox, `perWrite` to a record (keepCopies), then clears them; µs per event. */
function timeWrites(count: number, perWrite: number): number {
  let record: KeptCopy[] = [];
  const µs = timeEach((i) => {
    record.push([Date.now() + i / 1000, eventOf(i) as KeptCopy[1], false]);
    if (record.length < perWrite) return;
    keepCopies(outboxUrl, record);
    record = [];
  }, count);
  clearBenchOutbox();
  return µs;
}

/** One copy written in a task of its own (a click's), less a task without one; µs. */
async function timeLoneWrite(): Promise<number> {
  const µs = await timeLoneTasks((i) => keepCopies(outboxUrl, [[Date.now(), eventOf(i) as KeptCopy[1], false]]));
  clearBenchOutbox();
  return µs;
}

/** A send's two outbox calls (read and prune, then rewrite what is left) with `copies` copies in it; µs for the pair. */
function timeSendRewrite(copies: number): number {
  keepCopies(outboxUrl, Array.from({ length: copies }, (_, i): KeptCopy => [Date.now() + i / 1000, eventOf(i) as KeptCopy[1], true]));
  const µs = timeEach((round) => {
    outbox(outboxUrl, (kept) => kept.filter(freshCopy));
    // What a send that failed writes: the same copies, now one record of this page.
    outbox(outboxUrl, (kept) => kept.map(([at, event]): KeptCopy => [at, event, round % 2 == 0]));
  }, 20);
  clearBenchOutbox();
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
    return [
      ['event id', timeEach(() => randomId(), count)],
      ['timestamp', timeEach(() => localTimestamp(), count)],
      ['tracked time', timeEach(() => trackedAt(), count)],
      ['event object', timeEach(eventOf, count)],
      ['navigator.onLine', timeEach(() => navigator.onLine, count)],
      ['timer', timeEach(() => clearTimeout(setTimeout(() => {}, 1000)), count)],
      ['field checks (debug)', timeEach(() => checkFields('view', fields), count)],
      // Both ways in one run: a write per copy, and a write per task's copies (what the send queue does).
      ['outbox, a write per event', timeWrites(count, 1)],
      ['outbox, a write per 50 events', timeWrites(count, 50)],
      ['outbox, a write in its own task', await timeLoneWrite()],
      ["outbox, a send's read and rewrite of 1,000 copies", timeSendRewrite(1000)],
    ];
  },
};
