/**
 * A wake block's boundary (core/wake/frame.ts) from random bytes: pure, so the caller chooses the
 * randomness (`ports.random.bytes(16)`, the system's CSPRNG; a seeded one in tests).
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** How many random bytes a boundary takes: 16 letters and digits, about 95 bits. */
export const BOUNDARY_BYTES = 16;

/**
 * One letter or digit per byte.
 *
 * @example boundaryFrom(ports.random.bytes(BOUNDARY_BYTES)) // 'Q7xk2M9pLwZ0aB4c'
 */
export function boundaryFrom(bytes: Uint8Array): string {
  let out = '';
  // 62 letters: the tiny modulo bias is irrelevant for an unguessable marker.
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}
