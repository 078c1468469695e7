import { isObjectId, type GitOperation } from './operation.js';

const text = (out: Buffer): string => out.toString('utf8');

/** The commit `ref` points at, or undefined (`rev-parse --verify -q` exits 1 for a missing ref). */
export const resolveCommit = (ref: string): GitOperation<string | undefined> => ({
  name: 'rev-parse',
  args: ['rev-parse', '--verify', '-q', `${ref}^{commit}`],
  okExitCodes: [1],
  parse: (out) => text(out).trim() || undefined,
});

/** The object names of several revisions at once (fails when any is missing). */
export const resolveAll = (revs: readonly string[]): GitOperation<string[]> => ({
  name: 'rev-parse',
  args: ['rev-parse', ...revs],
  parse: (out) => text(out).trim().split('\n'),
});

/** Points `ref` at `commit` (with a reflog entry `message`), optionally only if it still is `expected`. */
export const updateRef = (ref: string, commit: string, options: { message?: string; expected?: string; reflog?: boolean } = {}): GitOperation<void> => ({
  name: 'update-ref',
  args: [
    'update-ref',
    ...(options.reflog ? ['--create-reflog'] : []),
    ...(options.message === undefined ? [] : ['-m', options.message]),
    ref,
    commit,
    ...(options.expected === undefined ? [] : [options.expected]),
  ],
  parse: () => undefined,
});

export const deleteRef = (ref: string): GitOperation<void> => ({ name: 'update-ref', args: ['update-ref', '-d', ref], parse: () => undefined });

/** Whether `ancestor` is reachable from `descendant` (`merge-base --is-ancestor`: exit 0 yes, 1 no). */
export const isAncestor = (ancestor: string, descendant: string): GitOperation<boolean> => ({
  name: 'merge-base',
  args: ['merge-base', '--is-ancestor', ancestor, descendant],
  okExitCodes: [1],
  settled: isObjectId(ancestor) && isObjectId(descendant),
  parse: (_out, code) => code === 0,
});

/** How many commits `range` (`a..b`) holds. */
export const countCommits = (range: string): GitOperation<number> => ({
  name: 'rev-list',
  args: ['rev-list', '--count', range],
  parse: (out) => Number(text(out).trim()),
});

/** The branch HEAD is on (`main`), or undefined when HEAD is detached. */
export const currentBranch = (): GitOperation<string | undefined> => ({
  name: 'symbolic-ref',
  args: ['symbolic-ref', '-q', '--short', 'HEAD'],
  okExitCodes: [1],
  parse: (out) => text(out).trim() || undefined,
});
