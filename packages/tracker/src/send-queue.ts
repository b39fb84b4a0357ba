import type { TrackedEventEnvelope } from '@rrelay/protocol';
import { closeOutbox, freshCopy, inTrackedOrder, keepCopies, type KeptCopy, outbox, outboxMaxEvents, reopenOutbox, trackedAt } from './outbox.ts';
import { inBrowser } from './in-browser.ts';
import { splitBatch } from './split-batch.ts';
import { sendBatch } from './transport.ts';

/** Delivery of a page's events to the relay: batching, the outbox, retries, and the exit beacon. */
export interface SendQueue {
  /** Queues a tracked event, copying it to the outbox if `copy` (consent granted): it goes within the batch delay, or at once with 49 others. */
  add(event: TrackedEventEnvelope, copy: boolean): void;
  /** Consent was granted: copies the events that waited for it, and sends them with what earlier pages left. */
  start(): void;
  /** Sends what is pending now; resolves when the relay has answered (or the events were kept for a resend). */
  flush(): Promise<void>;
  /** Forgets every pending event (consent withdrawn). */
  clear(): void;
  /** The page is going (`pagehide`): every pending event goes by beacon, in order. */
  leave(): void;
  /** The page is shown again (`pageshow`); `persisted` when it comes back from the back/forward cache. */
  back(persisted: boolean): void;
  /** Sends again what failed, now (`online`). */
  resend(): void;
}

/**
 * Creates the queue that delivers a page's events without losing any, in the
 * order tracked, one request at a time (Retail Rocket keeps order only within
 * a request). In a browser with IndexedDB each event is copied to the outbox as
 * it is queued and the copy removed once the relay took it, so what a failed
 * send or a lost beacon leaves is retried while the page stays, when back
 * online, and by the next page; without IndexedDB (a server), failed sends stay
 * queued for the next `flush()`.
 * @param url the relay's `visitorEvents` URL, with the partner id
 * @param batchDelayMs how long an event waits for others to share its request
 * @param mayDeliver whether events may be sent now (the visitor's consent is granted)
 * @param debug log each send to the console (debug build only)
 */
export function createSendQueue(url: string, batchDelayMs: number, mayDeliver: () => boolean, debug?: boolean): SendQueue {
  const stored = typeof indexedDB == 'object';
  // Every event this page knows the relay has not taken, in the order tracked: its own, and the copies
  // earlier pages left in the outbox once a send has read them. A send sends them all; so does the exit
  // beacon, after which they stay (their fate unknown) for a resend should the page come back.
  let pending: KeptCopy[] = [];
  // How many events were queued since the last send began: 50 make a send of their own.
  let waiting = 0;
  // Copies waiting for their write (see `copy`).
  const copying: KeptCopy[] = [];
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  let retryMs = 0;
  let sending = Promise.resolve();
  // Settles the send in flight as failed; see `send`.
  let giveUpSend: (sent: false) => void = () => {};

  const eventsOf = (copies: KeptCopy[]) => copies.map(([, event]) => event);
  const stopTimer = () => {
    clearTimeout(timer);
    timer = 0;
  };

  // Write-ahead: every event is copied to IndexedDB as it is queued, and the copy is removed once the relay
  // took it. A page that goes before its events are acknowledged leaves them to the next page, without
  // writing anything as it unloads (a write begun then may never land). The events queued in one task (a
  // loop, an order's lines) share one write, which lands as a whole or not at all. A write that fails
  // loses nothing: the events are in `pending`, and the next send's outbox write keeps them.
  const copy = (copies: KeptCopy[]) => {
    // Consent granted with nothing pending copies nothing: no empty record.
    if (!stored || !copies.length) return;
    // Only the newest outboxMaxEvents are ever kept, so a task that tracks more writes no more.
    if (!copying.length) queueMicrotask(() => keepCopies(url, copying.splice(0).slice(-outboxMaxEvents)));
    copying.push(...copies);
  };

  // WebKit never settles a fetch that was in flight as the page entered the back/forward cache: once the
  // page is back, that send counts as failed, so its events are kept and resent (the relay drops a copy
  // that had arrived).
  const send = (batch: TrackedEventEnvelope[]) => Promise.race([sendBatch(url, batch), new Promise<false>((resolve) => (giveUpSend = resolve))]);

  // Sends every copy in the outbox and every pending event, in the order tracked. The first batch that
  // fails and all after it stay, marked as surely unsent, and are retried with backoff while the page lives
  // (2 s doubling to a minute); a server resends them on its next flush().
  const deliver = (retrying?: boolean): Promise<void> =>
    (sending = sending.then(async () => {
      stopTimer();
      waiting = 0;
      const copies = (stored && (await outbox(url, (copies) => copies.filter(freshCopy)))) || [];
      pending = inTrackedOrder(copies, pending).filter(freshCopy);
      const events = pending;
      const taken = new Set<string | undefined>();
      for (const batch of splitBatch(eventsOf(events))) {
        const sent = await send(batch);
        if (__DEBUG__ && debug) console.log(`rr: sent ${batch.length} event(s): ${sent ? 'done' : 'kept for a resend'}`, batch);
        if (!sent) break;
        for (const event of batch) taken.add(event.eventId);
        pending = pending.filter(([, event]) => !taken.has(event.eventId));
      }
      const failed = new Set(events.filter(([, event]) => !taken.has(event.eventId)).map(([, event]) => event.eventId));
      pending = pending.map((copy) => (failed.has(copy[1].eventId) ? [copy[0], copy[1], true] : copy));
      // The outbox loses what the relay took and keeps the rest, with what its writes missed, in order.
      if (stored && events.length) await outbox(url, (copies) => inTrackedOrder(pending, copies).filter(([, event]) => !taken.has(event.eventId)));
      // The backoff grows with each retry that fails, not with the sends of new events that fail meanwhile.
      retryMs = failed.size ? (retrying || !retryMs ? Math.min(retryMs * 2 || 2000, 60_000) : retryMs) : 0;
      // The retry takes the place of the batch timer: after a failure, new events wait for it too.
      if (retryMs && inBrowser) timer = setTimeout(resend, retryMs);
    }));

  const flush = (): Promise<void> => (mayDeliver() && pending.length ? deliver() : sending);
  const resend = () => void (mayDeliver() && deliver(true));

  return {
    add(event, copyIt) {
      // Offline, no send of it can arrive: its copy may wait a week (see freshCopy).
      const kept: KeptCopy = [trackedAt(), event, inBrowser && !navigator.onLine];
      if (copyIt) copy([kept]);
      pending.push(kept);
      // Bounded (while consent is pending, or the relay is away): the oldest go first.
      if (pending.length > outboxMaxEvents) pending.shift();
      // The 50th asks for a send, which takes every event pending when it begins: later ones wait for it, or for the timer.
      waiting++;
      if (waiting == 50) void flush();
      else if (mayDeliver()) timer ||= setTimeout(flush, batchDelayMs);
    },
    start() {
      copy(pending);
      // With IndexedDB there may be copies left by earlier pages even when this page has nothing yet.
      if (stored) void deliver();
      else void flush();
    },
    flush,
    clear() {
      pending = [];
    },
    // Every pending event goes by beacon, in order. They stay pending, and their copies in the outbox, until
    // a later send (this page's, should it come back, or a later page's) resends them; the relay drops the
    // ones that had arrived.
    leave() {
      closeOutbox();
      if (!mayDeliver()) return;
      stopTimer();
      for (const batch of splitBatch(eventsOf(pending))) void sendBatch(url, batch, true);
    },
    back(persisted) {
      reopenOutbox();
      if (persisted) giveUpSend(false);
    },
    resend,
  };
}
