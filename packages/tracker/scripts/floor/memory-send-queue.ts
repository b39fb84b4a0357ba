// Stand-in send queue for scripts/weigh-floor.ts only: batches in memory, sends, forgets failures. Not product code.
import { sendBatch } from '../../src/transport.ts';
import { splitBatch } from '../../src/split-batch.ts';
export function createSendQueue(url: string, batchDelayMs: number, mayDeliver: () => boolean) {
  let pending: any[] = [];
  let timer: any = 0;
  const flush = async () => { clearTimeout(timer); timer = 0; const events = pending; pending = []; for (const b of splitBatch(events)) if (!(await sendBatch(url, b))) pending.unshift(...b); };
  return {
    add(event: any) { pending.push(event); if (mayDeliver()) timer ||= setTimeout(flush, batchDelayMs); },
    start() { void flush(); }, flush, clear() { pending = []; },
    leave() { if (mayDeliver()) for (const b of splitBatch(pending)) void sendBatch(url, b, true); },
    back() {}, resend() { void flush(); },
  };
}
