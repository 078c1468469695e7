import type { ErrorCode } from '../errors.js';

/**
 * What became of one wake call, classified so that a user can act on it.
 * The HTTP client never throws for HTTP or network problems: it returns one of these.
 * No variant ever carries a token.
 */
export type WakeOutcome =
  /** HTTP 200 and `result.details.status == "accepted"` (invoke), or `{"ok":true}` (hooks). */
  | { kind: 'delivered' }
  /** No HTTP answer: refused, reset, DNS, connect timeout, invalid URL. */
  | { kind: 'unreachable'; detail: string }
  /** 401: the token is wrong or missing. */
  | { kind: 'unauthorized' }
  /** 404 `Tool not available`: the tool is denied by the Gateway's HTTP tool policy. */
  | { kind: 'tool-not-allowed'; tool: string }
  /** 403: blocked by roles or approvals. */
  | { kind: 'forbidden' }
  /** 429, with the Gateway's `Retry-After` when it sent one. */
  | { kind: 'rate-limited'; retryAfterMs?: number }
  /** HTTP 200 but `details.status` was not accepted (OpenClaw's message, e.g. "No session found: …"). */
  | { kind: 'rejected'; message: string }
  /** An answer that is not what a Gateway sends (garbage, wrong shape). */
  | { kind: 'malformed'; detail: string }
  /** No complete answer within the total timeout: the wake may or may not have arrived. */
  | { kind: 'timeout' }
  /** Any other HTTP status (400, 405, 413, 500, 3xx …) with the message the body carried. */
  | { kind: 'http-error'; status: number; message: string }
  /** The caller cancelled (shutdown). */
  | { kind: 'aborted' }
  /** Never sent: a local reason such as a missing token or an untrusted Gateway URL. */
  | { kind: 'not-sent'; code: ErrorCode; message: string; hint?: string };

export type WakeOutcomeKind = WakeOutcome['kind'];

/**
 * Whether trying again later may help. Answers that will not change by themselves (wrong token, denied
 * tool, OpenClaw's own rejection, a garbage answer that may hide a delivery) are final.
 *
 * @example isRetryable({ kind: 'timeout' }) // true
 * @example isRetryable({ kind: 'unauthorized' }) // false
 */
export function isRetryable(outcome: WakeOutcome): boolean {
  switch (outcome.kind) {
    case 'unreachable':
    case 'timeout':
    case 'rate-limited':
      return true;
    case 'http-error':
      return outcome.status >= 500 || outcome.status === 408;
    default:
      return false;
  }
}
