/**
 * The locks port: every lock ois takes goes through it (docs/locking.md has the whole protocol).
 *
 * - The **clone lock** (`takeClone`): one git-running process per clone (`ois watch`, `ois sync`, or
 *   the `ois say` that runs its own cycle). It is a listening local socket, so the operating system
 *   releases it when the holder dies, even by kill -9; the holder answers short commands on it
 *   (`ping`, `sync`), which `askClone` sends.
 * - **File locks** (`withFile`): a short read-modify-write section of one clone (`.git/ois/chat.lock`),
 *   a file created exclusively that holds `pid host time`; a lock whose holder is gone is stale and is
 *   taken over at once, so a crash never makes the next command wait out the timeout.
 */
export interface Locks {
  /** Takes the clone lock of `gitDir`, answering commands with `answer`; undefined while a live process holds it. */
  takeClone(gitDir: string, answer: CloneLockAnswer): Promise<CloneLock | undefined>;
  /** Sends one command to the holder of the clone lock of `gitDir`: its reply, or undefined when nobody answers within `timeoutMs`. */
  askClone(gitDir: string, command: string, timeoutMs: number): Promise<string | undefined>;
  /**
   * Runs `fn` holding the file lock at `path` (its folder is created), waiting while a live holder has
   * it; LOCKED after `timeoutMs`. The lock is released when `fn` settles, whether it resolves or throws.
   */
  withFile<T>(path: string, fn: () => Promise<T>, options?: FileLockOptions): Promise<T>;
}

/** A held clone lock. */
export interface CloneLock {
  /** The socket's address (an abstract socket on Linux, a named pipe on Windows, a socket file elsewhere). */
  readonly address: string;
  /** Stops answering and frees the clone for the next holder. */
  release(): Promise<void>;
}

/** What the holder of a clone lock replies to one command (`ping` → who it is, `sync` → `synced`). */
export type CloneLockAnswer = (command: string) => Promise<string> | string;

export interface FileLockOptions {
  /** Give up (LOCKED) after waiting this long. Default 30 s. */
  timeoutMs?: number;
  /**
   * A lock older than this is stale when its holder cannot be checked (another host, no pid yet).
   * Default 60 s. A holder on this host is stale only once its process is gone, or after 15 minutes.
   */
  staleMs?: number;
}
