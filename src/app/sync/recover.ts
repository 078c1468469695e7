import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { exists } from '../../adapters/files.js';
import { gitProcessRunningIn } from '../../adapters/git-processes.js';
import { OisError } from '../../core/errors.js';
import { isUnmerged, type StatusEntry } from '../../core/sync/status.js';
import { readIfExists } from '../../adapters/files.js';
import type { Repo } from '../clone/repo.js';
import { isAncestor } from './refs.js';

/** Lock files older than this are stale even where no process list can be read. */
const STALE_LOCK_MS = 10 * 60 * 1000;

/**
 * Heals what a crash can leave behind, or refuses with instructions. Returns what it did, in words.
 * Never discards work: stale lock files are removed only when no git process runs; a rebase or merge
 * in progress (ois never starts one) is left to the user.
 */
export async function recover(repo: Repo, branch: string, now: Date): Promise<string[]> {
  const actions: string[] = [];
  await sweepTempFiles(repo.stateDir, now);
  actions.push(...(await removeStaleLocks(repo, now)));
  actions.push(...(await finishInterruptedOperation(repo)));
  actions.push(...(await reattachHead(repo, branch, now)));
  return actions;
}

/** ois's own temp files in `.git/ois` older than this were left by a crash (a write takes milliseconds). */
const STALE_TEMP_MS = 60_000;
const TEMP_NAME = /\.ois-tmp-|^(?:replay|rewrite)\.index(?:\.lock)?$|^carry$/;

/** Removes the temp files a crash (kill -9, a full disk) left in `.git/ois`: one directory read per cycle. */
async function sweepTempFiles(stateDir: string, now: Date): Promise<void> {
  const names = await readdir(stateDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => TEMP_NAME.test(n))) {
    const path = join(stateDir, name);
    const age = await stat(path).then((info) => now.getTime() - info.mtimeMs, () => 0);
    if (age > STALE_TEMP_MS) await rm(path, { recursive: true, force: true });
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
  const locks = await findLocks(repo.gitDir);
  if (locks.length === 0) return [];
  const running = await gitProcessRunningIn(repo.top);
  if (running === true) {
    throw new OisError('LOCKED', 'another git command is running in this clone', {
      hint: 'Wait for it to finish, then run ois again.',
    });
  }
  const removed: string[] = [];
  for (const lock of locks) {
    const age = now.getTime() - (await stat(lock)).mtimeMs;
    if (running === undefined && age < STALE_LOCK_MS) {
      throw new OisError('LOCKED', `${lock} exists: another git command may be running in this clone`, {
        hint: `If no git command is running, delete ${lock} and run ois again.`,
      });
    }
    await rm(lock, { force: true });
    removed.push(lock.slice(repo.gitDir.length + 1));
  }
  return [`removed stale git lock files (${removed.join(', ')}) left by a crash`];
}

const TOP_LOCKS = ['index.lock', 'HEAD.lock', 'packed-refs.lock', 'ORIG_HEAD.lock', 'FETCH_HEAD.lock', 'config.lock'];

async function findLocks(gitDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of TOP_LOCKS) if (await exists(join(gitDir, name))) found.push(join(gitDir, name));
  const refs = await readdir(join(gitDir, 'refs'), { recursive: true }).catch(() => [] as string[]);
  for (const path of refs) if (path.endsWith('.lock')) found.push(join(gitDir, 'refs', path));
  return found;
}

type InProgress = 'rebase' | 'merge' | 'cherry-pick' | 'revert' | undefined;

async function inProgress(gitDir: string): Promise<InProgress> {
  if ((await exists(join(gitDir, 'rebase-merge'))) || (await exists(join(gitDir, 'rebase-apply')))) return 'rebase';
  if (await exists(join(gitDir, 'MERGE_HEAD'))) return 'merge';
  if (await exists(join(gitDir, 'CHERRY_PICK_HEAD'))) return 'cherry-pick';
  if (await exists(join(gitDir, 'REVERT_HEAD'))) return 'revert';
  return undefined;
}

async function finishInterruptedOperation(repo: Repo): Promise<string[]> {
  // ois itself never leaves one of these behind (it rebases in memory, see replay.ts): whatever is in
  // progress was started by a person, and only that person knows how it should end.
  const current = await inProgress(repo.gitDir);
  if (current === undefined) return [];
  throw new OisError('RECOVERY_REFUSED', `a ${current} is in progress in ${repo.top}`, {
    hint: `Finish it (\`git ${current} --continue\`) or cancel it (\`git ${current} --abort\`), then run ois again.`,
  });
}

async function reattachHead(repo: Repo, branch: string, now: Date): Promise<string[]> {
  // The common case without spawning git: HEAD is the file `ref: refs/heads/<branch>`.
  const headFile = (await readIfExists(join(repo.gitDir, 'HEAD')))?.trim();
  if (headFile === `ref: refs/heads/${branch}`) return [];
  const symbolic = (await repo.git.run(['symbolic-ref', '-q', 'HEAD'])).trim();
  if (symbolic === `refs/heads/${branch}`) return [];
  if (symbolic) {
    const current = symbolic.replace('refs/heads/', '');
    throw new OisError('RECOVERY_REFUSED', `this clone is on branch ${current}; ois syncs ${branch}`, {
      hint: `Switch back with \`git checkout ${branch}\` (or set "branch" in ois.config.json), then run ois again.`,
    });
  }
  const head = (await repo.git.run(['rev-parse', '--verify', '-q', 'HEAD'])).trim();
  const tip = (await repo.git.run(['rev-parse', '--verify', '-q', `refs/heads/${branch}`])).trim();
  if (!head) return [];
  if (!tip || (await isAncestor(repo.git, tip, head))) {
    // The detached commits extend the branch (or there is no branch yet): move the branch there.
    await repo.git.run(['checkout', '-q', '-B', branch, head]);
    return [`re-attached a detached HEAD to ${branch} at ${head.slice(0, 8)}`];
  }
  if (await isAncestor(repo.git, head, tip)) {
    await repo.git.run(['checkout', '-q', branch]);
    return [`re-attached a detached HEAD (${head.slice(0, 8)} is already on ${branch})`];
  }
  const keep = `refs/ois/detached/${now.getTime()}`;
  await repo.git.run(['update-ref', keep, head]);
  throw new OisError('RECOVERY_REFUSED', `HEAD is detached at ${head.slice(0, 8)}, with commits that are not on ${branch}`, {
    hint: `They are kept at ${keep}. To keep them: \`git checkout ${branch} && git merge ${keep}\`; then run ois again.`,
  });
}
