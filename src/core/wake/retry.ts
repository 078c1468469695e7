/**
 * Whether a wake call is retried, as a pure decision (app/wake/dispatcher.ts runs it; the delay is
 * core/wake/backoff.ts). A call is final when its outcome is not retryable, the attempts are used up,
 * the Gateway asks to wait longer than `maxRetryAfterMs` (the wake is then reported as rate-limited),
 * or the dispatcher is closing.
 */
import { isRetryable, type WakeOutcome } from './outcome.js';

export interface RetryLimits {
  /** Calls per wake, retries included. */
  maxAttempts: number;
  /** A `Retry-After` longer than this ends the retries. */
  maxRetryAfterMs: number;
}

/**
 * After call number `attempt`: stop (reporting `outcome`, or `aborted` when closing), or retry, no
 * sooner than the Gateway's `Retry-After` when it gave one.
 *
 * @example retryStep({ kind: 'unreachable', detail: 'ECONNREFUSED' }, 1, { maxAttempts: 4, maxRetryAfterMs: 60_000 }, false) // { final: false }
 * @example retryStep({ kind: 'rate-limited', retryAfterMs: 120_000 }, 1, { maxAttempts: 4, maxRetryAfterMs: 60_000 }, false).final // true
 */
export function retryStep(
  outcome: WakeOutcome,
  attempt: number,
  limits: RetryLimits,
  aborted: boolean,
): { final: true; report: WakeOutcome } | { final: false; retryAfterMs?: number } {
  if (aborted) return { final: true, report: { kind: 'aborted' } };
  const retryAfterMs = outcome.kind === 'rate-limited' ? outcome.retryAfterMs : undefined;
  if (!isRetryable(outcome) || attempt >= limits.maxAttempts || (retryAfterMs ?? 0) > limits.maxRetryAfterMs) return { final: true, report: outcome };
  return retryAfterMs === undefined ? { final: false } : { final: false, retryAfterMs };
}
