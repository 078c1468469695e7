import { join } from 'node:path';
import { commitIndex } from '../../core/git/commit.js';
import { addPaths, setIndexEntries, unstagePaths } from '../../core/git/index-file.js';
import { writeBlob } from '../../core/git/objects.js';
import { workTreeStatus } from '../../core/git/status.js';
import { filterChanges, type Candidate, type Exclusion } from '../../core/sync/filter.js';
import { commitMessage, countEntries, isChatLog, type Change } from '../../core/sync/message.js';
import type { SyncNotice } from '../../core/sync/notices.js';
import { isDeletion, type StatusEntry } from '../../core/sync/status.js';
import { identityEnv, type Identity } from '../../core/identity.js';
import type { Files } from '../../ports/index.js';
import type { Repo } from '../clone/repo.js';
import type { PlannedChat } from './commit-chat.js';
import { authorCommits } from './human-commit.js';
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
  /** What the chat guard did: entries restored, edits kept aside, entries held back or waiting. */
  notices?: SyncNotice[];
  /** Files left with changes that were not committed (held entries, exclusions); the work-tree update carries them. */
  dirty?: string[];
  /** When (ms since the epoch) an entry waiting for its closing `---` may be committed as it is: commit again then. */
  retryAt?: number;
}

export interface CommittedChange extends Change {
  /** Chat logs only: the text at the parent (undefined when added). */
  before?: string;
  /** Chat logs only (added or updated): the text as committed. */
  after?: string;
}

/**
 * Step 1 of a cycle: commit what the agent wrote, as the agent, leaving out (and reporting) what must
 * not be committed. Day files go through the chat guard (commit-chat.ts, core/chatlog/guard.ts): what
 * is staged for them is the guarded text, entry by entry, not the working file as it is. Returns no sha
 * when there was nothing to commit. `now` (ms) decides whether an entry without its `---` waited long enough.
 */
export async function commitLocalChanges(repo: Repo, identity: Identity, gate?: CommitGate, now = repo.ports.clock.now().getTime()): Promise<CommitResult> {
  const { files } = repo.ports;
  const status = await repo.git.exec(workTreeStatus());
  refuseUnmerged(status);
  if (status.length === 0) return { files: [], excluded: [] };
  const tracked = status.filter((e) => e.index !== '?' && !isDeletion(e)).map((e) => e.path);
  const candidates = await markSymlinks(repo, await Promise.all(status.map((entry) => toCandidate(files, repo.top, entry))), tracked);
  const rules = { maxFileBytes: repo.config.limits.maxFileBytes, ignore: repo.config.ignore };
  const { commit, excluded } = filterChanges(candidates, rules);
  const others: string[] = [];
  for (const path of commit.filter((p) => !isChatLog(p))) {
    const refusal = gate ? await gate(path, await files.readIfExists(join(repo.top, path))) : undefined;
    if (refusal) excluded.push(refusal);
    else others.push(path);
  }
  const chatPaths = commit.filter(isChatLog);
  // The chat guard (and the parser it loads) only when a day file changed.
  const guard = chatPaths.length > 0 ? await import('./commit-chat.js') : undefined;
  const chat = guard ? await guard.planChatCommit(repo, identity, chatPaths, now) : NO_CHAT;
  const report = {
    excluded,
    notices: chat.notices,
    dirty: [...chat.dirty, ...excluded.map((e) => e.path)],
    ...(chat.retryAt === undefined ? {} : { retryAt: chat.retryAt }),
  };
  const staged = new Set(status.filter((e) => e.index !== ' ' && e.index !== '?').map((e) => e.path));
  const unstage = [...excluded.map((e) => e.path), ...chat.none].filter((path) => staged.has(path));
  if (unstage.length > 0) await repo.git.exec(unstagePaths(unstage));
  const toAdd = [...others, ...chat.add];
  if (toAdd.length > 0) await repo.git.exec(addPaths(toAdd));
  // A day file written again between the guard's read and `git add`: stage what the guard checked.
  const raced = guard ? await guard.changedSinceRead(repo, chat) : [];
  const texts = [...chat.texts, ...chat.add.filter((p) => raced.includes(p)).map((path) => ({ path, text: chat.changes.get(path)?.after ?? '' }))];
  await stageTexts(repo, texts);
  const allowed = [...others, ...chat.add, ...chat.texts.map((t) => t.path)];
  if (allowed.length === 0) {
    const notices = [...report.notices, ...((await guard?.applyChatRepairs(repo, chat)) ?? [])];
    return { files: [], ...report, notices };
  }
  const described = describeChanges(status.filter((e) => allowed.includes(e.path)), chat.changes);
  // A person's entries (ois web) are committed as them, before the agent's (human-commit.ts).
  const { author, changes, parent, committed } = await authorCommits(repo, identity, described, await resolveRefFast(repo.git, repo.gitDir, 'HEAD', repo.ports.files));
  const message = commitMessage(author.id, changes);
  if (committed === undefined) await repo.git.exec(commitIndex(message, identityEnv(author)));
  const sha = (await resolveRefFast(repo.git, repo.gitDir, 'HEAD', repo.ports.files)) ?? '';
  const notices = [...report.notices, ...((await guard?.applyChatRepairs(repo, chat)) ?? [])];
  return { sha, subject: message.split('\n')[0] ?? '', files: allowed, changes, ...report, notices, ...(parent ? { parent } : {}) };
}

const NO_CHAT: PlannedChat = { add: [], texts: [], none: [], changes: new Map(), notices: [], dirty: [], repairs: [], kept: [], snapshots: new Map() };

async function toCandidate(files: Files, top: string, entry: StatusEntry): Promise<Candidate> {
  if (isDeletion(entry)) return { path: entry.path, deleted: true };
  const info = await files.stat(join(top, entry.path)).catch(() => undefined);
  if (info === undefined) return { path: entry.path, deleted: true };
  return { path: entry.path, size: info.size, deleted: false, ...(info.kind === 'symlink' ? { symlink: true } : {}) };
}

/**
 * Stages texts that are not the working files: each is written as a blob with the path's filters
 * (line endings as `git add` would), then put in the index in one `update-index`.
 */
export async function stageTexts(repo: Repo, texts: ReadonlyArray<{ path: string; text: string }>): Promise<void> {
  if (texts.length === 0) return;
  const entries: Array<[string, { mode: string; sha: string }]> = [];
  for (const { path, text } of texts) entries.push([path, { mode: '100644', sha: await repo.git.exec(writeBlob(text, { path })) }]);
  await repo.git.exec(setIndexEntries(entries, { add: true }));
}

/** Each staged change; a day file with its text at HEAD and as committed (from the guard: no git call). */
function describeChanges(entries: readonly StatusEntry[], chat: ReadonlyMap<string, { before?: string; after: string }>): CommittedChange[] {
  return entries.map((entry): CommittedChange => {
    const texts = chat.get(entry.path);
    const kind = texts ? (texts.before === undefined ? 'add' : 'update') : isDeletion(entry) ? 'delete' : entry.index === '?' || entry.index === 'A' ? 'add' : 'update';
    if (!texts) return { path: entry.path, kind };
    const entriesAdded = countEntries(texts.after) - countEntries(texts.before ?? '');
    return texts.before === undefined ? { path: entry.path, kind, entriesAdded, after: texts.after } : { path: entry.path, kind, entriesAdded, before: texts.before, after: texts.after };
  });
}
