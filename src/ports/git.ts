import type { GitOperation } from '../core/git/operation.js';

/**
 * The git port: every git command of ois goes through it, as an argument array (never a shell), with
 * a timeout, no terminal prompts and C-locale messages, so failures can be classified. The app layer
 * asks for intent-named operations (`core/git/*`) through `exec`, and nothing else: an argument list
 * is spelled only beside its parser, in core/git.
 */
export interface Git {
  readonly dir: string;
  /** Runs an operation (core/git/operation.ts): resolves its parsed result, rejects with GitCommandError. */
  exec<T>(operation: GitOperation<T>, options?: RunOptions): Promise<T>;
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
