import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A fresh boundary for one wake's delimited block (core/wake/frame.ts): 16 letters and digits from the
 * system's CSPRNG (about 95 bits), so that no text written before the wake can name it.
 *
 * @example randomBoundary() // 'Q7xk2M9pLwZ0aB4c'
 */
export function randomBoundary(): string {
  const bytes = randomBytes(16);
  let out = '';
  // 62 letters: the tiny modulo bias is irrelevant for an unguessable marker.
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** The system's randomness behind the Random port. */
export function createRandom(): import('../ports/random.js').Random {
  return { fraction: Math.random, bytes: (count) => new Uint8Array(randomBytes(count)) };
}
