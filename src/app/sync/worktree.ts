import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { setIndexEntries } from '../../core/git/index-file.js';
import { mergeFile } from '../../core/git/merge.js';
import { readBlobs, treeEntries as lsTree, type TreeEntry } from '../../core/git/objects.js';
import { updateRef } from '../../core/git/refs.js';
import { modifiedPaths, moveTree } from '../../core/git/worktree.js';
import type { SyncNotice } from '../../core/sync/notices.js';
import { isChatLog } from '../../core/sync/message.js';
import type { Repo } from '../clone/repo.js';

export interface CarryOver {
  /** Files with uncommitted changes on purpose (held entries, lint exclusions): merged onto the incoming version. */
  dirty: readonly string[];
  /** Files whose working version stays exactly as it is (a change the push gate carried aside). */
  keep?: readonly string[];
}

interface Carried {
  path: string;
  /** Leave the working file as it is. */
  keep: boolean;
  /** The file in `from` and in `to` (undefined: absent). */
  from?: string;
  to?: string;
  /** Mode and blob of the path in `to` (undefined: absent). */
  entry?: TreeEntry;
}

/**
 * Moves the branch from `from` to `to` and the work tree along, keeping every local edit:
 * `git read-tree -m -u` carries edits of files the move does not change, and refuses (changing
 * nothing) when an edited file would be overwritten. The files in `dirty` (held-back chat entries,
 * registry edits the lint gate left out: known to stay uncommitted) are carried over by ois itself:
 * their index entries are set to `to`'s first (so git leaves the working files alone), then each
 * working file becomes its merge onto `to`'s version (chat: the prefix merge, the held entries after the
 * incoming ones; others: `git merge-file`), compare-and-swap on what the agent wrote. A file that does
 * not merge takes `to`'s version and the local one is kept in `.git/ois/kept/` (reported). The work
 * tree is updated before the branch moves, so a crash in between leaves the incoming changes looking
 * like local edits, which the next cycle commits and merges away. `keep` files are only re-pointed in
 * the index: their working version stays as it is.
 *
 * Day files the move changes are carried the same way even when clean: git's checkout removes a file
 * and writes it anew, so an agent (or `ois log`, or the web room) reading it at that moment would find
 * it missing or empty. ois writes them atomically instead (temp file + rename, compare-and-swap): a
 * reader sees the old version or the new one, never a gap, and an append made meanwhile is merged in.
 */
export async function moveWorkTree(repo: Repo, branch: string, from: string, to: string, carry: CarryOver): Promise<SyncNotice[]> {
  const keep = carry.keep ?? [];
  const pulled = (await repo.git.exec(modifiedPaths(from, to, ['chat']))).filter(isChatLog);
  const paths = [...new Set([...carry.dirty, ...keep, ...pulled])];
  const carried = paths.length === 0 ? [] : await changedBetween(repo, from, to, paths, keep);
  if (carried.length > 0) await setIndex(repo, carried.map((c) => [c.path, c.entry] as const));
  try {
    await repo.git.exec(moveTree(from, to));
  } catch (error) {
    if (carried.length > 0) await setIndex(repo, await treeEntries(repo, from, carried.map((c) => c.path)));
    throw error;
  }
  await repo.git.exec(updateRef(`refs/heads/${branch}`, to, { message: 'ois: sync', expected: from }));
  const notices: SyncNotice[] = [];
  for (const file of carried.filter((c) => !c.keep)) notices.push(...(await carryWorkingFile(repo, file)));
  return notices;
}

/** The dirty paths whose content differs between the two commits, with both versions and `to`'s index entry. */
async function changedBetween(repo: Repo, from: string, to: string, paths: readonly string[], keep: readonly string[]): Promise<Carried[]> {
  const texts = await repo.git.exec(readBlobs(paths.flatMap((p) => [`${from}:${p}`, `${to}:${p}`])));
  // An untracked file other than a day file (too large, ignored) is not carried: git refuses to
  // overwrite it and the cycle says which file to move (a day file is merged: its entries are held back).
  const changed = paths.filter((p, i) => texts[2 * i] !== texts[2 * i + 1] && (isChatLog(p) || keep.includes(p) || texts[2 * i] !== undefined));
  if (changed.length === 0) return [];
  const entries = new Map(await treeEntries(repo, to, changed));
  return changed.map((path) => {
    const i = paths.indexOf(path);
    const [before, after, entry] = [texts[2 * i], texts[2 * i + 1], entries.get(path)];
    return { path, keep: keep.includes(path), ...(before === undefined ? {} : { from: before }), ...(after === undefined ? {} : { to: after }), ...(entry ? { entry } : {}) };
  });
}

async function treeEntries(repo: Repo, commit: string, paths: readonly string[]): Promise<Array<[string, TreeEntry | undefined]>> {
  const found = await repo.git.exec(lsTree(commit, paths));
  return paths.map((path) => [path, found.get(path)]);
}

/** Sets index entries without touching the work tree (absent: the entry is removed). */
async function setIndex(repo: Repo, entries: ReadonlyArray<readonly [string, TreeEntry | undefined]>): Promise<void> {
  await repo.git.exec(setIndexEntries(entries));
}

/** Writes the carried-over version of one working file; retries when the agent writes it meanwhile. */
async function carryWorkingFile(repo: Repo, file: Carried): Promise<SyncNotice[]> {
  const path = join(repo.top, file.path);
  const { files } = repo.ports;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const working = await files.readIfExists(path);
    if (working === undefined) return [];
    const merged = isChatLog(file.path) ? await mergeChat(file, working) : await mergeText(repo, file, working);
    if (merged.text === working || (await files.replaceIfUnchanged(path, working, merged.text))) {
      return merged.aside ? [await keepAside(repo, file.path, working)] : [];
    }
  }
  return [];
}

async function mergeChat(file: Carried, working: string): Promise<{ text: string; aside: boolean }> {
  // The chat parser is loaded only when a day file is carried.
  if (working === file.from && file.to !== undefined) return { text: file.to, aside: false }; // untouched since: the new version as it is
  const { mergeOntoRemote } = await import('../../core/chatlog/merge-onto.js');
  const result = mergeOntoRemote(file.from ?? '', file.to ?? '', working, { onConflict: 'remote' });
  return { text: result.text, aside: result.overridden.length > 0 };
}

/** `git merge-file` of the working file onto `to`'s version; a conflict (or binary data) takes `to`'s. */
async function mergeText(repo: Repo, file: Carried, working: string): Promise<{ text: string; aside: boolean }> {
  const incoming = file.to ?? '';
  if (file.from === undefined || file.to === undefined) return { text: incoming, aside: true };
  const { files } = repo.ports;
  const dir = join(repo.stateDir, 'carry');
  await files.mkdir(dir);
  const [ours, base, theirs] = ['ours', 'base', 'theirs'].map((n) => join(dir, n)) as [string, string, string];
  try {
    await Promise.all([files.writeText(ours, working), files.writeText(base, file.from), files.writeText(theirs, file.to)]);
    const merged = await repo.git.exec(mergeFile({ ours, base, theirs }, { print: true }));
    return merged.conflicts === 0 ? { text: merged.text, aside: false } : { text: incoming, aside: true };
  } catch {
    return { text: incoming, aside: true };
  } finally {
    await files.remove(dir, { recursive: true });
  }
}

async function keepAside(repo: Repo, path: string, text: string): Promise<SyncNotice> {
  const hash = createHash('sha1').update(`${path}\0${text}`).digest('hex').slice(0, 10);
  const name = `${path.replace(/[^A-Za-z0-9.-]+/g, '-')}-uncommitted-${hash}`;
  await repo.ports.files.mkdir(join(repo.stateDir, 'kept'));
  await repo.ports.files.writeText(join(repo.stateDir, 'kept', name), text);
  return {
    kind: 'kept-original',
    path,
    line: 1,
    column: 1,
    message: 'an incoming change touched the same lines as your uncommitted edit: the file now has the incoming version; apply your edit again from the kept copy',
    kept: `.git/ois/kept/${name}`,
  };
}
