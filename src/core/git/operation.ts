/**
 * A git command as data: its arguments and the parser of its output, together (as simple-git builds
 * its own tasks). Pure: building an operation runs nothing; `Git.exec` (adapters/git.ts) runs it.
 * The app layer asks for operations by intent (`fetchBranchAndQueue(remote, branch, tracking)`, `mergeTree(ours, theirs)`)
 * and never spells git argument lists itself.
 *
 * @example
 * const revParse = (ref: string): GitOperation<string | undefined> =>
 *   ({ name: 'rev-parse', args: ['rev-parse', '--verify', '-q', `${ref}^{commit}`], parse: (out) => out.trim() || undefined });
 * await git.exec(revParse('HEAD'))
 */
export interface GitOperation<T> {
  /** A short name for logs and errors (`fetch`, `merge-tree`). */
  readonly name: string;
  readonly args: readonly string[];
  /** Text for the command's standard input (`cat-file --batch`, `hash-object --stdin`). */
  readonly input?: string;
  /** Extra environment for this command only (identity, a temporary index). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Exit codes other than 0 that are answers rather than failures (`merge-tree` exits 1 on conflicts,
   * `config --get` 1 for a missing key): the parser then gets the output as for 0.
   */
  readonly okExitCodes?: readonly number[];
  /** Turns stdout (bytes, for operations that read blobs) into the result. */
  parse(stdout: Buffer, exitCode: number): T;
}
