import { join } from 'node:path';
import { currentBranch, isAncestor, resolveCommit, updateRef } from '../../core/git/refs.js';
import { checkoutBranch } from '../../core/git/worktree.js';
import { OisError } from '../../core/errors.js';
import { isUnmerged, type StatusEntry } from '../../core/sync/status.js';
import type { Files } from '../../ports/index.js';
import type { Repo } from '../clone/repo.js';
import { gitProcessRunningIn } from '../safety/git-processes.js';

/** Lock files older than this are stale even where no process list can be read. */
const STALE_LOCK_MS = 10 * 60 * 1000;

/**
 * Heals what a crash can leave behind, or refuses with instructions. Returns what it did, in words.
 * Never discards work: stale lock files are removed only when no git process runs; a rebase or merge
 * in progress (ois never starts one) is left to the user.
 */
export async function recover(repo: Repo, branch: string, now: Date): Promise<string[]> {
  const actions: string[] = [];
  await sweepTempFiles(repo.ports.files, repo.stateDir, now);
  actions.push(...(await removeStaleLocks(repo, now)));
  actions.push(...(await finishInterruptedOperation(repo)));
  actions.push(...(await reattachHead(repo, branch, now)));
  return actions;
}

/** ois's own temp files in `.git/ois` older than this were left by a crash (a write takes milliseconds). */
const STALE_TEMP_MS = 60_000;
const TEMP_NAME = /\.ois-tmp-|^(?:replay|rewrite)\.index(?:\.lock)?$|^carry$/;

/** Removes the temp files a crash (kill -9, a full disk) left in `.git/ois`: one directory read per cycle. */
async function sweepTempFiles(files: Files, stateDir: string, now: Date): Promise<void> {
  const names = (await files.list(stateDir).catch(() => undefined)) ?? [];
  for (const name of names.filter((n) => TEMP_NAME.test(n))) {
    const path = join(stateDir, name);
    const age = await files.stat(path).then((info) => (info === undefined ? 0 : now.getTime() - info.mtimeMs), () => 0);
    if (age > STALE_TEMP_MS) await files.remove(path, { recursive: true });
  }
}

/** Unmerged paths (from the cycle's own `git status`) are a human's to resolve. */
export function refuseUnmerged(entries: readonly StatusEntry[]): void {
  const unmerged = entries.filter(isUnmerged).map((entry) => entry.path);
  if (unmerged.length === 0) return;
  throw new OisError('RECOVERY_REFUSED', `unresolved conflicts in ${unmerged.join(', ')}`, {
    hint: 'Resolve them (edit the files, then `git add` them) and commit; then run ois again.',
    data: { files: unmerged },
  });
}

async function removeStaleLocks(repo: Repo, now: Date): Promise<string[]> {
  const { files } = repo.ports;
  const locks = await findLocks(files, repo.gitDir);
  if (locks.length === 0) return [];
  const running = await gitProcessRunningIn({ files, pid: repo.ports.system.pid }, repo.top);
  if (running === true) {
    throw new OisError('LOCKED', 'another git command is running in this clone', {
      hint: 'Wait for it to finish, then run ois again.',
    });
  }
  const removed: string[] = [];
  for (const lock of locks) {
    const info = await files.stat(lock);
    if (info === undefined) continue; // released meanwhile
    const age = now.getTime() - info.mtimeMs;
    if (running === undefined && age < STALE_LOCK_MS) {
      throw new OisError('LOCKED', `${lock} exists: another git command may be running in this clone`, {
        hint: `If no git command is running, delete ${lock} and run ois again.`,
      });
    }
    await files.remove(lock);
    removed.push(lock.slice(repo.gitDir.length + 1));
  }
  return [`removed stale git lock files (${removed.join(', ')}) left by a crash`];
}

const TOP_LOCKS = ['index.lock', 'HEAD.lock', 'packed-refs.lock', 'ORIG_HEAD.lock', 'FETCH_HEAD.lock', 'config.lock'];

async function findLocks(files: Files, gitDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of TOP_LOCKS) if (await files.exists(join(gitDir, name))) found.push(join(gitDir, name));
  for (const path of await listRecursive(files, join(gitDir, 'refs'))) if (path.endsWith('.lock')) found.push(path);
  return found;
}

/** Every path below `dir` (folders included, links not followed); nothing when it cannot be read. */
async function listRecursive(files: Files, dir: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const name of (await files.list(current).catch(() => undefined)) ?? []) {
      const path = join(current, name);
      found.push(path);
      if ((await files.stat(path).catch(() => undefined))?.kind === 'directory') pending.push(path);
    }
  }
  return found;
}

type InProgress = 'rebase' | 'merge' | 'cherry-pick' | 'revert' | undefined;

async function inProgress(files: Files, gitDir: string): Promise<InProgress> {
  const exists = (name: string): Promise<boolean> => files.exists(join(gitDir, name));
  if ((await exists('rebase-merge')) || (await exists('rebase-apply'))) return 'rebase';
  if (await exists('MERGE_HEAD')) return 'merge';
  if (await exists('CHERRY_PICK_HEAD')) return 'cherry-pick';
  if (await exists('REVERT_HEAD')) return 'revert';
  return undefined;
}

async function finishInterruptedOperation(repo: Repo): Promise<string[]> {
  // ois itself never leaves one of these behind (it rebases in memory, see replay.ts): whatever is in
  // progress was started by a person, and only that person knows how it should end.
  const current = await inProgress(repo.ports.files, repo.gitDir);
  if (current === undefined) return [];
  throw new OisError('RECOVERY_REFUSED', `a ${current} is in progress in ${repo.top}`, {
    hint: `Finish it (\`git ${current} --continue\`) or cancel it (\`git ${current} --abort\`), then run ois again.`,
  });
}

async function reattachHead(repo: Repo, branch: string, now: Date): Promise<string[]> {
  // The common case without spawning git: HEAD is the file `ref: refs/heads/<branch>`.
  const headFile = (await repo.ports.files.readIfExists(join(repo.gitDir, 'HEAD')))?.trim();
  if (headFile === `ref: refs/heads/${branch}`) return [];
  const current = await repo.git.exec(currentBranch());
  if (current === branch) return [];
  if (current !== undefined) {
    throw new OisError('RECOVERY_REFUSED', `this clone is on branch ${current}; ois syncs ${branch}`, {
      hint: `Switch back with \`git checkout ${branch}\` (or set "branch" in ois.config.json), then run ois again.`,
    });
  }
  const head = await repo.git.exec(resolveCommit('HEAD'));
  const tip = await repo.git.exec(resolveCommit(`refs/heads/${branch}`));
  if (!head) return [];
  if (!tip || (await repo.git.exec(isAncestor(tip, head)))) {
    // The detached commits extend the branch (or there is no branch yet): move the branch there.
    await repo.git.exec(checkoutBranch(branch, { at: head }));
    return [`re-attached a detached HEAD to ${branch} at ${head.slice(0, 8)}`];
  }
  if (await repo.git.exec(isAncestor(head, tip))) {
    await repo.git.exec(checkoutBranch(branch));
    return [`re-attached a detached HEAD (${head.slice(0, 8)} is already on ${branch})`];
  }
  const keep = `refs/ois/detached/${now.getTime()}`;
  await repo.git.exec(updateRef(keep, head));
  throw new OisError('RECOVERY_REFUSED', `HEAD is detached at ${head.slice(0, 8)}, with commits that are not on ${branch}`, {
    hint: `They are kept at ${keep}. To keep them: \`git checkout ${branch} && git merge ${keep}\`; then run ois again.`,
  });
}
