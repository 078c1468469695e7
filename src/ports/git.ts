import type { GitOperation } from '../core/git/operation.js';

/**
 * The git port: every git command of ois goes through it, as an argument array (never a shell), with
 * a timeout, no terminal prompts and C-locale messages, so failures can be classified. The app layer
 * asks for intent-named operations (`core/git/*`) through `exec`; `run` and `runWithInput` are the
 * older spelling, kept while callers move over.
 */
export interface Git {
  readonly dir: string;
  /** Runs an operation (core/git/operation.ts): resolves its parsed result, rejects with GitCommandError. */
  exec<T>(operation: GitOperation<T>, options?: RunOptions): Promise<T>;
  /** Runs `git <args>` in `dir`; resolves stdout, rejects with GitCommandError. */
  run(args: readonly string[], options?: RunOptions): Promise<string>;
  /** Runs `git <args>` with `input` on its standard input (`cat-file --batch`); resolves stdout as bytes. */
  runWithInput(args: readonly string[], input: string, options?: RunOptions): Promise<Buffer>;
}

export interface RunOptions {
  /** Extra environment variables for this command only. */
  env?: Record<string, string>;
  /** Kill the command after this many ms (default: the adapter's). */
  timeoutMs?: number;
  /** Stops the command (SIGTERM, then SIGKILL): the call rejects with GitCommandError, `aborted` set. */
  signal?: AbortSignal;
}

export { GitCommandError } from '../core/git/error.js';
