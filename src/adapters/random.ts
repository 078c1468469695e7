import { randomBytes } from 'node:crypto';
import { boundaryFrom } from '../core/wake/frame.js';

/**
 * A fresh boundary for one wake's delimited block (core/wake/frame.ts): 16 letters and digits from the
 * system's CSPRNG (about 95 bits), so that no text written before the wake can name it.
 *
 * @example randomBoundary() // 'Q7xk2M9pLwZ0aB4c'
 */
export function randomBoundary(): string {
  return boundaryFrom(randomBytes(16));
}

/** The system's randomness behind the Random port. */
export function createRandom(): import('../ports/random.js').Random {
  return { fraction: Math.random, bytes: (count) => new Uint8Array(randomBytes(count)) };
}
