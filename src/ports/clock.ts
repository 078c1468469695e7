/** Time, injected: the core never reads the clock, and the app reads it only through this port. */
export interface Clock {
  now(): Date;
  /** Resolves after `ms` (early, without rejecting, when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` once after `ms`; the returned function cancels it. Timers never keep the process alive. */
  after(ms: number, fn: () => void): () => void;
}
