import { isOisError } from '../../core/errors.js';
import { backoffDelay } from '../../core/wake/backoff.js';
import type { WakeOutcome } from '../../core/wake/outcome.js';
import { retryStep } from '../../core/wake/retry.js';
import type { Clock } from '../../ports/index.js';

/** The final word on one wake call (after retries), possibly carrying several coalesced wakes. */
export interface WakeReport<P> {
  peerId: string;
  payload: P;
  outcome: WakeOutcome;
  /** Calls made (1 when the first one settled it). */
  attempts: number;
  /** How many `enqueue` calls this report covers (more than 1 when wakes were coalesced). */
  coalesced: number;
}

export interface WakeDispatcherDeps<P> {
  /** Makes one call; should not throw (an OisError thrown becomes a `not-sent` outcome). */
  send(peerId: string, payload: P, signal: AbortSignal): Promise<WakeOutcome>;
  /** Folds a newer wake into a pending one, e.g. concatenating their entries. */
  merge(older: P, newer: P): P;
  onReport(report: WakeReport<P>): void;
  /** Timers: the waits between attempts, and the bound of `drain`. */
  clock: Pick<Clock, 'sleep' | 'after'>;
  /** The jitter of the backoff, a number in [0, 1) (the Random port's `fraction`). */
  random: () => number;
  /** Waits between attempts; rejects or resolves early on abort. Default: `clock.sleep`. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Calls per wake, retries included. Default 4. */
  maxAttempts?: number;
  /** Backoff of the first retry; doubles up to `capMs`. Defaults 250 ms and 10 s. */
  baseMs?: number;
  capMs?: number;
  /** A `Retry-After` longer than this ends the retries (reported as rate-limited). Default 60 s. */
  maxRetryAfterMs?: number;
}

export interface DrainResult {
  /** Every wake settled. */
  idle: boolean;
  /** Peers still being woken when the time ran out. */
  busy: string[];
}

export interface WakeDispatcher<P> {
  /** Queues a wake of `peerId` and returns at once; coalesces with a wake not yet sent. */
  enqueue(peerId: string, payload: P): void;
  /** Waits until every wake settled, or `timeoutMs` passed (on the injected clock). */
  drain(timeoutMs: number): Promise<DrainResult>;
  /** Cancels calls in flight and queued wakes (reported as `aborted`) and waits for them. */
  close(): Promise<void>;
}

interface Job<P> {
  payload: P;
  count: number;
}

interface PeerState<P> {
  pending: Job<P> | undefined;
  running: Promise<void> | undefined;
}

/**
 * One queue per peer, peers in parallel. A peer gets one call at a time; wakes queued meanwhile are
 * coalesced into one (one call carrying all of them), also into a wake waiting to be retried. Retries
 * are bounded, with exponential backoff and jitter, never sooner than the Gateway's `Retry-After`.
 * A slow or dead peer delays nobody: `enqueue` never waits and every call is the client's to bound.
 *
 * @example
 * const wakes = createWakeDispatcher<PeerWake>({
 *   send: (id, wake, signal) => wakePeer(deps, { peer: byId(id), message: build(wake), signal }),
 *   merge: (a, b) => ({ entries: [...a.entries, ...b.entries], sharedFiles: [...a.sharedFiles, ...b.sharedFiles] }),
 *   onReport: (r) => log(describeOutcome(r.peerId, r.outcome)),
 *   clock: ports.clock,
 *   random: ports.random.fraction,
 * });
 * wakes.enqueue('bob', wake);
 * await wakes.drain(5000);
 */
export function createWakeDispatcher<P>(deps: WakeDispatcherDeps<P>): WakeDispatcher<P> {
  const sleep = deps.sleep ?? ((ms: number, signal: AbortSignal) => deps.clock.sleep(ms, signal));
  const { random } = deps;
  const maxAttempts = Math.max(1, deps.maxAttempts ?? 4);
  const maxRetryAfterMs = deps.maxRetryAfterMs ?? 60_000;
  const peers = new Map<string, PeerState<P>>();
  const abort = new AbortController();

  function report(peerId: string, job: Job<P>, outcome: WakeOutcome, attempts: number): void {
    try {
      deps.onReport({ peerId, payload: job.payload, outcome, attempts, coalesced: job.count });
    } catch {
      // A failing reporter must not stop the queue.
    }
  }

  async function call(peerId: string, payload: P): Promise<WakeOutcome> {
    if (abort.signal.aborted) return { kind: 'aborted' };
    try {
      return await deps.send(peerId, payload, abort.signal);
    } catch (error) {
      if (isOisError(error)) return { kind: 'not-sent', code: error.code, message: error.message };
      return { kind: 'not-sent', code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
    }
  }

  function takePending(state: PeerState<P>): Job<P> | undefined {
    const next = state.pending;
    state.pending = undefined;
    return next;
  }

  /** A wake queued while `job` waits for its retry rides along with it. */
  function absorbPending(state: PeerState<P>, job: Job<P>): Job<P> {
    const next = takePending(state);
    return next === undefined ? job : { payload: deps.merge(job.payload, next.payload), count: job.count + next.count };
  }

  async function run(peerId: string, state: PeerState<P>): Promise<void> {
    try {
      for (let next = takePending(state); next !== undefined; next = takePending(state)) {
        let job = next;
        for (let attempt = 1; ; attempt += 1) {
          const outcome = await call(peerId, job.payload);
          const step = retryStep(outcome, attempt, { maxAttempts, maxRetryAfterMs }, abort.signal.aborted);
          if (step.final) {
            report(peerId, job, step.report, attempt);
            break;
          }
          const wait = backoffDelay(attempt, random, { baseMs: deps.baseMs, capMs: deps.capMs, retryAfterMs: step.retryAfterMs });
          await sleep(wait, abort.signal).catch(() => undefined);
          job = absorbPending(state, job);
        }
      }
    } finally {
      state.running = undefined;
    }
  }

  return {
    enqueue(peerId, payload) {
      if (abort.signal.aborted) {
        report(peerId, { payload, count: 1 }, { kind: 'aborted' }, 0);
        return;
      }
      let state = peers.get(peerId);
      if (state === undefined) {
        state = { pending: undefined, running: undefined };
        peers.set(peerId, state);
      }
      const prior = state.pending;
      state.pending =
        prior === undefined ? { payload, count: 1 } : { payload: deps.merge(prior.payload, payload), count: prior.count + 1 };
      if (state.running === undefined) {
        const started = state;
        // Started on a later tick, so that enqueue never runs any of the call itself.
        state.running = Promise.resolve().then(() => run(peerId, started));
      }
    },

    async drain(timeoutMs) {
      const deadline = new AbortController();
      const cancel = deps.clock.after(timeoutMs, () => deadline.abort());
      const expired = new Promise<void>((resolve) => deadline.signal.addEventListener('abort', () => resolve(), { once: true }));
      try {
        for (;;) {
          const running = [...peers.values()].flatMap((state) => (state.running === undefined ? [] : [state.running]));
          if (running.length === 0 || deadline.signal.aborted) break;
          await Promise.race([Promise.all(running), expired]);
        }
      } finally {
        cancel();
      }
      const busy = [...peers.entries()].filter(([, state]) => state.running !== undefined).map(([id]) => id);
      return { idle: busy.length === 0, busy };
    },

    async close() {
      abort.abort();
      await Promise.all([...peers.values()].map((state) => state.running));
    },
  };
}
