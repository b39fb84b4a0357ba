// Timing inside a bench page, shared by tracker-main-thread.ts and tracker-peers.ts: bundled into the
// page's own script by esbuild, never run by Node.

// One channel for every wait: WebKit entangles a new channel's ports through another process, so a
// channel per wait made its first message late, and that wait long.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

/** The next task: a message, not setTimeout(0), which browsers clamp to 4 ms once nested five deep. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
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

/**
 * Runs `work` while a message-task ticker watches the main thread, and returns the longest time between
 * two ticks in ms: the longest task that ran meanwhile (any engine; only Chromium reports long tasks).
 */
export async function longestTaskDuring(work: () => Promise<unknown>): Promise<number> {
  let running = true;
  let last = performance.now();
  let longest = 0;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) void nextTask().then(tick);
  };
  tick();
  await work();
  running = false;
  return longest;
}
