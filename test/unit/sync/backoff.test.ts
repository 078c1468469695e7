import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentionDelay, exponentialDelay } from '../../../src/core/backoff.js';

describe('the back-off core', () => {
  it('exponential: doubles per attempt within [low, high] of the step, up to the cap (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const step = Math.min(2_000, 50 * 2 ** (attempt - 1));
        const wait = exponentialDelay(attempt, () => r, { baseMs: 50, capMs: 2_000, low: 0.5, high: 1.5 });
        return wait >= step * 0.5 && wait <= step * 1.5;
      }),
    );
  });

  it('a Retry-After is a floor', () => {
    expect(exponentialDelay(1, () => 0, { baseMs: 250, capMs: 10_000, low: 0.5, high: 1, retryAfterMs: 3_000 })).toBe(3_000);
  });

  it('contention: a random slot among as many rounds as writers were seen, capped (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 64 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, contenders, roundMs, r) => {
          const wait = contentionDelay({ attempt, contenders, roundMs, capMs: 2_000 }, () => r);
          return wait >= 0 && wait <= 2_000 && Number.isInteger(wait);
        },
      ),
    );
    expect(contentionDelay({ attempt: 1, contenders: 1, roundMs: 200, capMs: 2_000 }, () => 0.5)).toBe(100);
    expect(contentionDelay({ attempt: 1, contenders: 4, roundMs: 200, capMs: 2_000 }, () => 0.5)).toBe(400);
    // The window doubles only after the third rejection in a row.
    expect(contentionDelay({ attempt: 4, contenders: 1, roundMs: 200, capMs: 2_000 }, () => 0.5)).toBe(200);
    // A hostile random source never makes a negative or endless wait.
    expect(contentionDelay({ attempt: 1, contenders: 2, roundMs: 100, capMs: 2_000 }, () => Number.NaN)).toBe(0);
    expect(contentionDelay({ attempt: 1, contenders: 2, roundMs: 100, capMs: 2_000 }, () => 7)).toBeLessThanOrEqual(200);
  });
});
