/**
 * A git command that failed: its arguments, git's messages (without GIT_TRACE lines), and how it
 * ended. Pure data, so the app and the core can classify failures without importing the adapter.
 */
export class GitCommandError extends Error {
  readonly stderr: string;
  /** The exit code; null when git could not start, timed out or was aborted. */
  readonly exitCode: number | null;
  /** Set when the caller's AbortSignal stopped the command. */
  readonly aborted: boolean;
  constructor(
    readonly args: readonly string[],
    stderr: string,
    ended: { exitCode?: number | null; aborted?: boolean } = {},
  ) {
    const text = withoutTrace(stderr);
    super(`git ${args[0] ?? ''} failed: ${text.trim().split('\n').slice(-3).join(' | ')}`);
    this.name = 'GitCommandError';
    this.stderr = text;
    this.exitCode = ended.exitCode ?? null;
    this.aborted = ended.aborted ?? false;
  }
}

const TRACE_LINE = /^\d{2}:\d{2}:\d{2}\.\d+ \S+:\d+ +trace: .*$\n?/gm;

/** git's own messages, without the GIT_TRACE lines (see adapters/git.ts gitEnvironment). */
export function withoutTrace(stderr: string): string {
  return stderr.replace(TRACE_LINE, '');
}

const ENDING_LINE = /\n(?:exit \d+|aborted|killed \(\w+\) after \d+ ms)\s*$/;

/**
 * What git itself said (its stderr), without the line Git.exec adds on how the command ended
 * (`exit 128`): for messages that quote git's last line.
 */
export function gitSaid(error: GitCommandError): string {
  return error.stderr.replace(ENDING_LINE, '');
}
