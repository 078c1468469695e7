import { exponentialDelay } from '../backoff.js';

/** Tuning of {@link backoffDelay}; every field has a default. */
export interface BackoffOptions {
  /** Delay scale of the first retry. Default 250 ms. */
  baseMs?: number | undefined;
  /** Upper bound of the exponential part. Default 10 s. */
  capMs?: number | undefined;
  /** The server's `Retry-After`, in ms: the delay is never shorter. */
  retryAfterMs?: number | undefined;
}

/**
 * Delay before retry number `attempt` (1 for the first retry): "equal jitter" exponential backoff,
 * half fixed and half random, so that peers retrying together spread out but never retry at once.
 * A `Retry-After` from the server is a floor; a little jitter (up to 10%, at most 1 s) is added on top.
 * The wake's tuning of the one back-off core (core/backoff.ts).
 *
 * @example backoffDelay(1, () => 0.5) // 187.5 (250 → 125 + 0.5 × 125)
 * @example backoffDelay(1, () => 0, { retryAfterMs: 2000 }) // 2000
 */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  return exponentialDelay(attempt, random, {
    baseMs: options.baseMs ?? 250,
    capMs: options.capMs ?? 10_000,
    low: 0.5,
    high: 1,
    retryAfterMs: options.retryAfterMs,
  });
}

/**
 * Parses an HTTP `Retry-After` value (delay-seconds or an HTTP date) into milliseconds from `nowMs`.
 *
 * @example parseRetryAfter('60', 0) // 60000
 * @example parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')) // 60000
 * @example parseRetryAfter('soon', 0) // undefined
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, at - nowMs);
}
