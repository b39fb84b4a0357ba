// Timing inside a bench page, shared by tracker-main-thread.ts and tracker-peers.ts: bundled into the
// page's own script by esbuild, never run by Node.

/** The next task: a message, not setTimeout(0), which browsers clamp to 4 ms once nested five deep. */
export function nextTask(): Promise<unknown> {
  const channel = new MessageChannel();
  return new Promise((resolve) => {
    channel.port1.onmessage = resolve;
    channel.port2.postMessage(0);
  });
}

/**
 * Makes `count` calls of `call(i)` in one task, and returns µs per call: the calls alone, and with what
 * they leave to the end of their task (microtasks: queue writes, the start of a send), timed until
 * the next task begins.
 */
export async function timeCallsInOneTask(call: (i: number) => unknown, count: number): Promise<{ call: number; deferred: number }> {
  await nextTask();
  const start = performance.now();
  for (let i = 0; i < count; i++) call(i);
  const called = performance.now();
  await nextTask();
  const settled = performance.now();
  return { call: ((called - start) * 1000) / count, deferred: ((settled - start) * 1000) / count };
}

/**
 * What `work(i)` costs as the only thing in a task of its own (a click's event, a lone transaction), with
 * what it defers: 100 tasks with it and 100 without, alternating, each timed until the next task; the
 * difference per task, in µs.
 */
export async function timeLoneTasks(work: (i: number) => unknown): Promise<number> {
  const total = { with: 0, without: 0 };
  for (let task = 0; task < 200; task++) {
    const withWork = task % 2 == 0;
    await nextTask();
    const begun = performance.now();
    if (withWork) work(task);
    await nextTask();
    total[withWork ? 'with' : 'without'] += performance.now() - begun;
  }
  return ((total.with - total.without) * 1000) / 100;
}

/** Times `part(i)` over `count` runs in one go, µs each. */
export function timeEach(part: (i: number) => unknown, count: number): number {
  const start = performance.now();
  for (let i = 0; i < count; i++) part(i);
  return ((performance.now() - start) * 1000) / count;
}
