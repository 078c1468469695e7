import { lstat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { filterChanges, type Candidate, type Exclusion } from '../../core/sync/filter.js';
import { commitMessage, countEntries, isChatLog, type Change } from '../../core/sync/message.js';
import { isDeletion, parsePorcelainZ, type StatusEntry } from '../../core/sync/status.js';
import { identityEnv, type Identity } from '../../core/identity.js';
import { readIfExists } from '../../adapters/files.js';
import { readBlobTexts } from '../../adapters/git-objects.js';
import type { Repo } from '../repo.js';
import { refuseUnmerged } from './recover.js';
import { resolveRefFast } from './refs.js';
import { markSymlinks } from './symlink-candidates.js';

/** Decides whether a changed file may be committed; returns why not, or undefined. Used for AGENTS.md. */
export type CommitGate = (path: string, text: string | undefined) => Promise<Exclusion | undefined>;

export interface CommitResult {
  sha?: string;
  subject?: string;
  files: string[];
  excluded: Exclusion[];
  /** HEAD before the commit (undefined for a first commit or when nothing was committed). */
  parent?: string;
  /** What the commit changed; chat logs with their text before and as committed (for the wake). */
  changes?: CommittedChange[];
}

export interface CommittedChange extends Change {
  /** Chat logs only: the text at the parent (undefined when added). */
  before?: string;
  /** Chat logs only (added or updated): the text as committed. */
  after?: string;
}

/**
 * Step 1 of a cycle: commit what the agent wrote, as the agent, leaving out (and reporting) what must
 * not be committed. Returns no sha when there was nothing to commit.
 */
export async function commitLocalChanges(repo: Repo, identity: Identity, gate?: CommitGate): Promise<CommitResult> {
  const status = parsePorcelainZ(
    await repo.git.run(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames']),
  );
  refuseUnmerged(status);
  if (status.length === 0) return { files: [], excluded: [] };
  const tracked = status.filter((e) => e.index !== '?' && !isDeletion(e)).map((e) => e.path);
  const candidates = await markSymlinks(repo, await Promise.all(status.map((entry) => toCandidate(repo.top, entry))), tracked);
  const rules = { maxFileBytes: repo.config.limits.maxFileBytes, ignore: repo.config.ignore };
  const { commit, excluded } = filterChanges(candidates, rules);
  const allowed: string[] = [];
  for (const path of commit) {
    const refusal = gate ? await gate(path, await readIfExists(join(repo.top, path))) : undefined;
    if (refusal) excluded.push(refusal);
    else allowed.push(path);
  }
  const staged = new Set(status.filter((e) => e.index !== ' ' && e.index !== '?').map((e) => e.path));
  const unstage = excluded.map((e) => e.path).filter((path) => staged.has(path));
  if (unstage.length > 0) await withPathspec(repo, unstage, (file) => ['reset', '-q', `--pathspec-from-file=${file}`, '--pathspec-file-nul']);
  if (allowed.length === 0) return { files: [], excluded };
  await withPathspec(repo, allowed, (file) => ['add', '-A', `--pathspec-from-file=${file}`, '--pathspec-file-nul']);
  const changes = await describeChanges(repo, status.filter((e) => allowed.includes(e.path)));
  const message = commitMessage(identity.id, changes);
  const parent = await resolveRefFast(repo.git, repo.gitDir, 'HEAD');
  await repo.git.run(['commit', '--no-verify', '-q', '-m', message], { env: identityEnv(identity) });
  const sha = (await resolveRefFast(repo.git, repo.gitDir, 'HEAD')) ?? '';
  return { sha, subject: message.split('\n')[0] ?? '', files: allowed, excluded, changes, ...(parent ? { parent } : {}) };
}

async function toCandidate(top: string, entry: StatusEntry): Promise<Candidate> {
  if (isDeletion(entry)) return { path: entry.path, deleted: true };
  try {
    const info = await lstat(join(top, entry.path));
    return { path: entry.path, size: info.size, deleted: false, ...(info.isSymbolicLink() ? { symlink: true } : {}) };
  } catch {
    return { path: entry.path, deleted: true };
  }
}

/** Pathspecs go through a file (NUL-separated, literal): no argument-length limit, no glob surprises. */
async function withPathspec(repo: Repo, paths: readonly string[], args: (file: string) => string[]): Promise<void> {
  const file = join(repo.stateDir, 'pathspec');
  await writeFile(file, paths.map((p) => `${p}\0`).join(''));
  await repo.git.run(['--literal-pathspecs', ...args(file)]);
}

/**
 * Each staged change, with the entries a chat log gains: its text at HEAD and as staged (`:path`, what
 * the commit will hold, even if the agent writes again meanwhile) are read in one `cat-file --batch`.
 */
async function describeChanges(repo: Repo, entries: readonly StatusEntry[]): Promise<CommittedChange[]> {
  const changes = entries.map((entry): Change => {
    const kind = isDeletion(entry) ? 'delete' : entry.index === '?' || entry.index === 'A' ? 'add' : 'update';
    return { path: entry.path, kind };
  });
  const chat = changes.filter((c) => isChatLog(c.path) && c.kind !== 'delete');
  const texts = await readBlobTexts(repo.git, chat.flatMap((c) => [`HEAD:${c.path}`, `:${c.path}`]));
  return changes.map((change): CommittedChange => {
    const at = chat.indexOf(change);
    if (at === -1) return change;
    const before = change.kind === 'add' ? undefined : texts[2 * at];
    const after = texts[2 * at + 1] ?? '';
    const entriesAdded = countEntries(after) - countEntries(before ?? '');
    return before === undefined ? { ...change, entriesAdded, after } : { ...change, entriesAdded, before, after };
  });
}
