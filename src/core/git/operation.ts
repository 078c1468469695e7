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
  /**
   * Its answer depends on object ids alone, never on a ref or the work tree (`merge-base` of two shas):
   * the same arguments always get the same answer, so the adapter may remember it. Set it only when
   * every revision argument is a full object id ({@link isObjectId}).
   */
  readonly settled?: boolean;
  /** Turns stdout (bytes, for operations that read blobs) into the result. */
  parse(stdout: Buffer, exitCode: number): T;
}

/** Whether `rev` is a full object id (40 or 64 hex digits), which names one object forever. */
export function isObjectId(rev: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(rev);
}
