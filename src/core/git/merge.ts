/**
 * Merging without a work tree: `merge-tree --write-tree` for two commits, `merge-file` for three
 * texts, and `check-attr` for which merge each path asks for. Conflicts are answers (their exit codes
 * are not failures): the caller decides what a conflict means.
 */
import { parseCheckAttrZ, parseMergeTreeZ, type MergeTreeOutput } from '../sync/merge-tree.js';
import type { GitOperation } from './operation.js';

/**
 * Merges commit `theirs` into `ours` in the object store (`merge-tree -z --write-tree`): the merged tree
 * and each conflicted path's stages. `failDriver` names a merge driver to report as failed (so git
 * lists the paths it would have handed to it as conflicted, with their three versions, instead of
 * starting it).
 */
export const mergeTree = (ours: string, theirs: string, options: { failDriver?: string } = {}): GitOperation<MergeTreeOutput> => ({
  name: 'merge-tree',
  args: [...(options.failDriver === undefined ? [] : ['-c', `merge.${options.failDriver}.driver=false`]), 'merge-tree', '-z', '--write-tree', '--no-messages', ours, theirs],
  okExitCodes: [1], // conflicts
  parse: (out) => parseMergeTreeZ(out.toString('utf8')),
});

/** The value of attribute `name` for each path (`unspecified`, `set`, `unset` or the value). */
export const checkAttr = (name: string, paths: readonly string[]): GitOperation<Map<string, string>> => ({
  name: 'check-attr',
  args: ['check-attr', '-z', name, '--', ...paths],
  parse: (out) => parseCheckAttrZ(out.toString('utf8')),
});

/** What `git merge-file` made of three files: the merged text (with `print`) and how many conflicts. */
export interface MergeFileResult {
  /** The merged text (conflict markers included when `conflicts > 0`); empty without `print`. */
  text: string;
  conflicts: number;
}

/** Exit codes 1-127 count conflicts; above is a failure (binary input, a missing file). */
const CONFLICT_COUNTS = Array.from({ length: 127 }, (_, i) => i + 1);

/**
 * git's line merge of the files `ours`, `base` and `theirs` (paths): with `print` the result goes to
 * stdout and no file changes; without, `ours` is rewritten in place. `labels` name the three sides in
 * conflict markers.
 */
export const mergeFile = (
  files: { ours: string; base: string; theirs: string },
  options: { print?: boolean; labels?: readonly [string, string, string] } = {},
): GitOperation<MergeFileResult> => ({
  name: 'merge-file',
  args: [
    'merge-file',
    ...(options.print ? ['-p', '-q'] : []),
    ...(options.labels ?? []).flatMap((label) => ['-L', label]),
    '--',
    files.ours,
    files.base,
    files.theirs,
  ],
  okExitCodes: CONFLICT_COUNTS,
  parse: (out, code) => ({ text: out.toString('utf8'), conflicts: code }),
});
