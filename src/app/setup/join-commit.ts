/**
 * The join branch's commit, made with git plumbing (core/git/objects.ts): no checkout, no index, and
 * always a fast-forward of what the remote has.
 */
import type { Git } from '../../adapters/git.js';
import { commitTree } from '../../core/git/commit.js';
import { listTree, makeTree, treeOf, writeBlob } from '../../core/git/objects.js';
import { isAncestor } from '../../core/git/refs.js';

export interface JoinCommitInput {
  /** The team branch's tip: the tree starts from it, and it is always in the commit's history. */
  base: string;
  /** The join branch's current tips (remote and/or local), newest only; empty for a first join. */
  tips: readonly string[];
  /** A top-level file of the team branch to replace (AGENTS.md). */
  path: string;
  text: string;
  message: string;
  /** The committer and author (the agent). */
  env: Record<string, string>;
}

/**
 * The commit for a join branch, built with plumbing (no checkout, no index of the clone touched):
 * the team branch's tree with `path` replaced by `text`. With no tip it is a child of `base`; with
 * one tip that already has that tree and contains `base`, it is that tip (nothing to do); otherwise
 * a commit on top of the tips, with `base` as a further parent when no tip contains it yet, so the
 * join branch always fast-forwards from what the remote has and merges cleanly into the team branch.
 *
 * @example const sha = await buildJoinCommit(git, { base, tips: [], path: 'AGENTS.md', text, message, env })
 */
export async function buildJoinCommit(git: Git, input: JoinCommitInput): Promise<string> {
  const tree = await treeWith(git, await git.exec(treeOf(input.base)), input.path, input.text);
  const [only] = input.tips;
  if (input.tips.length === 1 && only !== undefined) {
    const [tipTree, contained] = await Promise.all([git.exec(treeOf(only)), git.exec(isAncestor(input.base, only))]);
    if (tipTree === tree && contained) return only;
  }
  const containsBase = await Promise.all(input.tips.map((tip) => git.exec(isAncestor(input.base, tip))));
  const parents = [...input.tips, ...(containsBase.some(Boolean) ? [] : [input.base])];
  return git.exec(commitTree(tree, parents, input.message, input.env));
}

/** `tree` with the top-level file `path` replaced by `text` (a new blob), written with `git mktree`. */
async function treeWith(git: Git, tree: string, path: string, text: string): Promise<string> {
  const blob = await git.exec(writeBlob(text));
  const entries = await git.exec(listTree(tree));
  const others = entries.filter((entry) => entry.slice(entry.indexOf('\t') + 1) !== path);
  return git.exec(makeTree([...others, `100644 blob ${blob}\t${path}`]));
}
