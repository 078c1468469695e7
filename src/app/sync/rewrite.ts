import { join } from 'node:path';
import { mergeOntoRemote } from '../../core/chatlog/merge-onto.js';
import { restoreReopened } from '../../core/chatlog/prefix.js';
import { commitTree } from '../../core/git/commit.js';
import { readTree, setIndexEntries, writeTree } from '../../core/git/index-file.js';
import { localCommits } from '../../core/git/history.js';
import { readBlobs, writeBlob, type TreeEntry } from '../../core/git/objects.js';
import { resolveAll } from '../../core/git/refs.js';
import { identityEnv, type Identity } from '../../core/identity.js';
import type { GatePlan } from '../../core/sync/push-gate.js';
import type { Repo } from '../clone/repo.js';
import { scratchOf } from './merge-trees.js';
import { replayOnto } from './replay.js';

/**
 * Rewrites the local commits `from..to` (not pushed yet) so that none of them carries what the push
 * gate refused, without touching the work tree or the index: each commit keeps its author, date,
 * message and every other change, while
 * - the `drop` files stay as they are in `from` (their change is carried aside by the caller);
 * - each `repair` day file is the prefix merge of the commit's change onto the rewritten parent: the
 *   entries it removed or moved are back in place, entries it cut short of their `---` are back as
 *   pushed (restoreReopened), its new entries after them.
 * A commit left with no change is dropped, as `git rebase` does. A range with merges (a hand `git
 * merge`) is first replayed in line onto `from` (replayOnto). Returns the new tip.
 */
export async function rewriteRange(repo: Repo, identity: Identity, range: { from?: string; to: string }, plan: GatePlan): Promise<string> {
  let tip = range.to;
  const spec = range.from === undefined ? [tip] : [`${range.from}..${tip}`];
  let commits = await repo.git.exec(localCommits(spec));
  const linear = commits.every((c, i) => c.parents.length === 1 && c.parents[0] === (i === 0 ? range.from : commits[i - 1]?.sha));
  if (range.from !== undefined && !linear) {
    tip = await replayOnto(repo.git, identity, range.from, repo.config.branch, scratchOf(repo), tip);
    commits = await repo.git.exec(localCommits([`${range.from}..${tip}`]));
  }
  const paths = [...plan.drop, ...plan.repair];
  const base = range.from;
  const names = [
    ...(base === undefined ? [] : paths.map((p) => `${base}:${p}`)),
    ...commits.flatMap((c) => paths.flatMap((p) => [`${c.sha}:${p}`, `${c.parents[0] ?? ''}:${p}`])),
  ];
  const texts = names.length === 0 ? [] : await repo.git.exec(readBlobs(names));
  const blob = new Map(names.map((name, i) => [name, texts[i]]));
  // The rewritten parent's version of each file, starting from the remote's.
  const current = new Map(paths.map((p) => [p, base === undefined ? undefined : blob.get(`${base}:${p}`)]));
  let parent = base;
  let parentTree = base === undefined ? undefined : (await repo.git.exec(resolveAll([`${base}^{tree}`])))[0];
  for (const commit of commits) {
    const files: Array<{ path: string; text: string | undefined }> = [];
    for (const path of plan.drop) files.push({ path, text: current.get(path) });
    for (const path of plan.repair) {
      const [before, after] = [blob.get(`${commit.parents[0] ?? ''}:${path}`), blob.get(`${commit.sha}:${path}`)];
      const onto = current.get(path);
      const merged = before === after || onto === undefined ? (onto ?? after) : mergeOntoRemote(before ?? '', onto, after ?? '', { onConflict: 'remote' }).text;
      const pushed = base === undefined ? undefined : blob.get(`${base}:${path}`);
      const text = merged === undefined || pushed === undefined ? merged : restoreReopened(pushed, merged);
      current.set(path, text);
      files.push({ path, text });
    }
    const tree = await treeWith(repo, `${commit.sha}^{tree}`, files);
    if (tree === parentTree) continue;
    const env = { ...identityEnv(identity), GIT_AUTHOR_NAME: commit.authorName, GIT_AUTHOR_EMAIL: commit.authorEmail, GIT_AUTHOR_DATE: commit.authorDate };
    parent = await repo.git.exec(commitTree(tree, parent ? [parent] : [], commit.message, env));
    parentTree = tree;
  }
  return parent ?? tip;
}

/** `tree` with the given files set (undefined: removed), built in a temporary index. */
async function treeWith(repo: Repo, tree: string, files: ReadonlyArray<{ path: string; text: string | undefined }>): Promise<string> {
  const { files: fs } = repo.ports;
  const index = join(repo.stateDir, 'rewrite.index');
  await Promise.all([fs.remove(index), fs.remove(`${index}.lock`)]);
  try {
    await repo.git.exec(readTree(tree, { index }));
    const entries: Array<[string, TreeEntry | undefined]> = [];
    for (const file of files) entries.push([file.path, file.text === undefined ? undefined : { mode: '100644', sha: await repo.git.exec(writeBlob(file.text)) }]);
    await repo.git.exec(setIndexEntries(entries, { index }));
    return await repo.git.exec(writeTree({ index }));
  } finally {
    await fs.remove(index);
  }
}
