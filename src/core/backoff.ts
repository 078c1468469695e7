/**
 * Back-off, the one core of it: how long to wait before retry number `attempt` (1 for the first
 * retry). Pure: randomness comes in as a function, so every delay is a plain value a test can pin.
 *
 * Guarantees: the delay is never negative, never above `capMs` (plus the Retry-After floor when one is
 * given), and grows with the attempt until the cap; with `spread` (the fraction of the step that is
 * random) peers retrying together spread out. Two callers use it:
 * - the wake dispatcher (core/wake/backoff.ts): 250 ms doubling to 10 s, half fixed and half random
 *   ("equal jitter"), with the gateway's Retry-After as a floor;
 * - the sync's rejected pushes (core/sync/plan.ts): {@link contentionDelay}, scaled by how many writers
 *   were seen pushing rather than grown blindly.
 */

/** Tuning of {@link exponentialDelay}. */
export interface ExponentialBackoff {
  /** The step of the first retry. */
  baseMs: number;
  /** Upper bound of the step. */
  capMs: number;
  /** The delay is `step × (low + random × (high − low))`. Equal jitter is [0.5, 1]. */
  low: number;
  high: number;
  /** A floor given by the other side (HTTP Retry-After), in ms: the delay is never shorter. */
  retryAfterMs?: number | undefined;
}

/**
 * Exponential back-off with jitter.
 * @example exponentialDelay(1, () => 0.5, { baseMs: 250, capMs: 10_000, low: 0.5, high: 1 }) // 187.5
 * @example exponentialDelay(3, () => 0, { baseMs: 250, capMs: 10_000, low: 0.5, high: 1 }) // 500
 */
export function exponentialDelay(attempt: number, random: () => number, policy: ExponentialBackoff): number {
  const r = clamp01(random());
  const after = policy.retryAfterMs;
  if (after !== undefined && after >= 0) return after + r * Math.min(after * 0.1, 1_000);
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return step * (policy.low + r * (policy.high - policy.low));
}

/** What a sync retry knows about the contention it lost to. */
export interface Contention {
  /** Retry number (1 for the first retry after a rejected push). */
  attempt: number;
  /**
   * Writers seen competing: the commits that came in with the last fetch (each a push that won), at
   * least 1. With more contenders the retries spread over a longer window.
   */
  contenders: number;
  /** What one round (fetch, replay, push) took last time, in ms: the width of one slot. */
  roundMs: number;
  /** Upper bound of the window. */
  capMs: number;
}

/**
 * The wait before retrying a rejected push, by observed contention (as Ethernet's slotted back-off):
 * a random slot in a window of `contenders` rounds, the window doubling only after the third
 * rejection in a row. With one competitor the expected wait is half a round; sixteen writers spread
 * over sixteen rounds instead of all retrying after the same blind exponential step.
 *
 * @example contentionDelay({ attempt: 1, contenders: 1, roundMs: 200, capMs: 2_000 }, () => 0.5) // 100
 * @example contentionDelay({ attempt: 1, contenders: 4, roundMs: 200, capMs: 2_000 }, () => 0.5) // 400
 */
export function contentionDelay(contention: Contention, random: () => number): number {
  const slot = Math.max(10, contention.roundMs);
  const growth = 2 ** Math.max(0, contention.attempt - 3);
  const window = Math.min(contention.capMs, slot * Math.max(1, contention.contenders) * growth);
  return Math.round(clamp01(random()) * window);
}

function clamp01(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return value >= 1 ? 0.999_999 : value;
}
