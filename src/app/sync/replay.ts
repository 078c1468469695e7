import type { Git } from '../../ports/git.js';
import { OisError } from '../../core/errors.js';
import { identityEnv, type Identity } from '../../core/identity.js';
import { commitTree } from '../../core/git/commit.js';
import { localCommits } from '../../core/git/history.js';
import { resolveAll, updateRef } from '../../core/git/refs.js';
import { moveTree } from '../../core/git/worktree.js';
import { mergeTrees, type Scratch } from './merge-trees.js';

export const BACKUP_REF = 'refs/ois/backup/pre-rebase';

/**
 * Rebases the local commits onto `upstream` without touching the working tree or the index: each commit
 * is merged in with `git merge-tree --write-tree` and `git commit-tree`, keeping its author, date and
 * message. Returns the new tip. A conflict throws CONFLICT before anything changed: there is never a
 * half-done rebase to abort, and no file an agent is writing at that moment can be overwritten.
 *
 * Chat logs (`merge=ois-chat`) are merged here, in this process, rather than by git starting the merge
 * driver (a Node.js process, ~150 ms of CPU each): git is told the driver failed, and each chat log
 * git reports as conflicted is merged with mergeOntoRemote, the upstream side as the remote (its file
 * stays a prefix: pushed entries never move; the commit's new entries go after them), the commit's own
 * parent as the base (so an entry the commit completed or corrected is one entry, never two), then
 * written into the tree. `scratch` holds the temporary index used to build that tree.
 */
export async function replayOnto(git: Git, identity: Identity, upstream: string, branch: string, scratch: Scratch, head = 'HEAD'): Promise<string> {
  const [commits, [upstreamCommit = '', upstreamTree = '']] = await Promise.all([
    git.exec(localCommits([`${upstream}..${head}`])),
    git.exec(resolveAll([`${upstream}^{commit}`, `${upstream}^{tree}`])),
  ]);
  let base = upstreamCommit;
  let baseTree = upstreamTree;
  for (const commit of commits) {
    const parent = commit.parents[0];
    if (!parent) throw unrelated(branch);
    // git 2.39 has no --merge-base: the merge base is the fork point, and the changes of the commits
    // replayed before this one are on both sides, identical, so they merge cleanly (chat entries are
    // de-duplicated by the merge). Each new tree is the remote's work plus this and earlier commits.
    const tree = await mergeTrees(git, base, commit.sha, scratch, (files) => conflict(branch, upstream, files), parent);
    if (tree === baseTree) continue; // already upstream: dropped, as `git rebase` does
    const env = { ...identityEnv(identity), GIT_AUTHOR_NAME: commit.authorName, GIT_AUTHOR_EMAIL: commit.authorEmail, GIT_AUTHOR_DATE: commit.authorDate };
    base = await git.exec(commitTree(tree, [base], commit.message, env));
    baseTree = tree;
  }
  return base;
}

/**
 * Moves the branch from `from` to `to` and brings the working tree along, carrying local changes
 * forward: `git read-tree -m -u` refuses (and changes nothing) when a file changed locally would be
 * overwritten. The work tree is updated before the branch moves, so a crash in between leaves at worst
 * the incoming changes looking like local edits, which the next cycle commits and merges away.
 */
export async function checkoutTarget(git: Git, branch: string, from: string, to: string): Promise<void> {
  await git.exec(moveTree(from, to));
  await git.exec(updateRef(`refs/heads/${branch}`, to, { message: 'ois: sync', expected: from }));
}

function conflict(branch: string, upstream: string, files: string[]): OisError {
  const remote = upstream.replace('refs/remotes/', '');
  return new OisError('CONFLICT', `your commits and the remote's both changed ${files.join(', ')} and git cannot merge them`, {
    hint:
      `Nothing was lost: your commits are still on ${branch} (and on ${BACKUP_REF}). To resolve: ` +
      `\`git rebase ${remote}\`, edit the files, \`git add\` them, \`git rebase --continue\`, then \`ois sync\`.`,
    data: { files },
  });
}

function unrelated(branch: string): OisError {
  return new OisError('CONFLICT', `the local ${branch} and the remote's share no history`, {
    hint: 'This clone was not cloned from the team repository. Clone it again with `ois join`, and copy your files over.',
    data: { files: [] },
  });
}
