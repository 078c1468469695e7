import { join } from 'node:path';
import { commitTree } from '../../core/git/commit.js';
import { configGet } from '../../core/git/config.js';
import { stagedEntries, writeTree } from '../../core/git/index-file.js';
import { updateRef } from '../../core/git/refs.js';
import { identityEnv, type Identity } from '../../core/identity.js';
import { otherAuthors, splitForHuman } from '../../core/sync/author-split.js';
import { commitMessage, countEntries } from '../../core/sync/message.js';
import type { Repo } from '../clone/repo.js';
import type { CommittedChange } from './commit.js';
import { scratchOf, writeTreeWith } from './merge-trees.js';

/** Who the commit step's (last) commit is authored by, what it holds, and its parent. */
export interface Authorship {
  author: Identity;
  changes: CommittedChange[];
  /** HEAD now: the person's commit when one was made first, else the commit step's parent. */
  parent: string | undefined;
  /** Set when the person's commit already holds everything staged (nothing is left to commit). */
  committed?: string;
}

/**
 * Entries that this clone's person (`git config ois.human`, a `Kind: human` member posting through
 * `ois web`) wrote are committed as that person, "through the same path as `ois say`": when the
 * batch is only theirs, the commit step's commit is authored by them; when the clone's agent wrote
 * too, their entries and attachments go first into a commit of their own (built in a temporary
 * index: the work tree and the clone's index are untouched), and the agent's commit follows on top.
 *
 * @example const who = await authorCommits(repo, identity, changes, parent) // who.author.id === 'mia'
 */
export async function authorCommits(repo: Repo, identity: Identity, changes: CommittedChange[], parent: string | undefined): Promise<Authorship> {
  const same: Authorship = { author: identity, changes, parent };
  if (parent === undefined || otherAuthors(changes, identity.id).length === 0) return same;
  // Read now, not when the watcher started: `ois web --as` may have set it since.
  const humanId = ((await repo.git.exec(configGet('ois.human')).catch(() => undefined)) ?? '').trim().toLowerCase();
  if (humanId === '' || humanId === identity.id) return same;
  const part = splitForHuman(changes, humanId);
  if (part === undefined) return same;
  const human = await humanIdentity(repo, humanId);
  if (human === undefined) return same;
  if (part.whole) return { author: human, changes, parent };
  const mine = changes.filter((c) => part.files.includes(c.path) || part.chat.some((t) => t.path === c.path));
  const blobs = await stagedBlobs(repo, part.files);
  const tree = await writeTreeWith(repo.git, `${parent}^{tree}`, part.chat, scratchOf(repo), blobs);
  const message = commitMessage(
    human.id,
    mine.map((c) => {
      const chat = part.chat.find((t) => t.path === c.path);
      return chat === undefined ? { path: c.path, kind: c.kind } : { path: c.path, kind: c.kind, entriesAdded: chat.entries };
    }),
  );
  const sha = await repo.git.exec(commitTree(tree, [parent], message, identityEnv(human)));
  await repo.git.exec(updateRef('HEAD', sha, { message: `ois: commit ${human.id}'s entries`, expected: parent }));
  if ((await repo.git.exec(writeTree())) === tree) return { author: human, changes: mine, parent, committed: sha };
  // What the agent's commit adds on top: the chat logs as staged, compared with the person's commit.
  const rest = changes
    .filter((c) => !part.files.includes(c.path))
    .map((c) => {
      const theirs = part.chat.find((t) => t.path === c.path);
      if (theirs === undefined) return c;
      return { ...c, kind: 'update' as const, before: theirs.text, entriesAdded: countEntries(c.after ?? '') - countEntries(theirs.text) };
    });
  return { author: identity, changes: rest, parent: sha };
}

/** The person's identity: their id, and their name from AGENTS.md as the work tree has it. */
async function humanIdentity(repo: Repo, id: string): Promise<Identity | undefined> {
  const text = await repo.ports.files.readIfExists(join(repo.top, 'AGENTS.md')).catch(() => undefined);
  if (text === undefined) return undefined;
  const { parseRegistry } = await import('../../core/registry/parse.js');
  const human = parseRegistry(text).registry.humans.find((h) => h.id === id.toLowerCase());
  return human === undefined ? undefined : { id: human.id, name: human.name };
}

/** Mode and blob of staged files (`git ls-files -s`). */
async function stagedBlobs(repo: Repo, paths: readonly string[]): Promise<Array<{ path: string; mode: string; sha: string }>> {
  if (paths.length === 0) return [];
  return (await repo.git.exec(stagedEntries(paths))).map(({ mode, sha, path }) => ({ mode, sha, path }));
}
