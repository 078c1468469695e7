/** Randomness, injected (tests pass a seeded one). */
export interface Random {
  /** A number in [0, 1), as Math.random. */
  fraction(): number;
  /** `bytes` bytes from the system's CSPRNG (tokens, wake boundaries). */
  bytes(count: number): Uint8Array;
}
