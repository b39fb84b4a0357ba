/**
 * Coalesces concurrent identical work: while a call for `key` runs, every other
 * caller for the same key gets the same promise instead of starting another.
 */
export class SingleFlight<T> {
  #running = new Map<string, Promise<T>>();

  /** Runs `work` for `key`, or joins the run already in progress. */
  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.#running.get(key);
    if (running) return running;
    const started = work().finally(() => this.#running.delete(key));
    this.#running.set(key, started);
    return started;
  }

  /** How many keys are in flight (for tests and logs). */
  get size(): number {
    return this.#running.size;
  }
}
