import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../../src/core/wake/backoff.js';
import { isRetryable } from '../../../src/core/wake/outcome.js';

describe('backoffDelay', () => {
  it('doubles per attempt with half of it jittered, up to the cap', () => {
    expect(backoffDelay(1, () => 0)).toBe(125);
    expect(backoffDelay(1, () => 0.5)).toBe(187.5);
    expect(backoffDelay(3, () => 0)).toBe(500);
    expect(backoffDelay(30, () => 0, { capMs: 8_000 })).toBe(4_000);
  });

  it('never waits less than Retry-After (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 600_000 }), (attempt, r, after) => {
        const wait = backoffDelay(attempt, () => r, { retryAfterMs: after });
        return wait >= after && wait <= after + 1_000;
      }),
    );
  });

  it('stays within [half, full] of the exponential step (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const step = Math.min(10_000, 250 * 2 ** (attempt - 1));
        const wait = backoffDelay(attempt, () => r);
        return wait >= step / 2 && wait <= step;
      }),
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('60', 0)).toBe(60_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter('-5', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});

describe('isRetryable', () => {
  it('retries network trouble, timeouts, 429 and 5xx, nothing the peer must fix', () => {
    expect(isRetryable({ kind: 'unreachable', detail: 'x' })).toBe(true);
    expect(isRetryable({ kind: 'timeout' })).toBe(true);
    expect(isRetryable({ kind: 'rate-limited', retryAfterMs: 1 })).toBe(true);
    expect(isRetryable({ kind: 'http-error', status: 503, message: '' })).toBe(true);
    expect(isRetryable({ kind: 'http-error', status: 400, message: '' })).toBe(false);
    for (const kind of ['unauthorized', 'forbidden', 'delivered', 'timeout'] as const) {
      expect(isRetryable({ kind })).toBe(kind === 'timeout');
    }
    expect(isRetryable({ kind: 'tool-not-allowed', tool: 'sessions_send' })).toBe(false);
    expect(isRetryable({ kind: 'rejected', message: 'No session found' })).toBe(false);
    expect(isRetryable({ kind: 'malformed', detail: '' })).toBe(false);
  });
});
