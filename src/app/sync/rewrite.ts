import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readBlobTexts } from '../../adapters/git-objects.js';
import { mergeOntoRemote } from '../../core/chatlog/merge-onto.js';
import { identityEnv, type Identity } from '../../core/identity.js';
import { parseLocalCommits } from '../../core/sync/commits.js';
import type { GatePlan } from '../../core/sync/push-gate.js';
import type { Repo } from '../clone/repo.js';
import { replayOnto } from './replay.js';

const LOG_FORMAT = '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%ad%x1f%B';

/**
 * Rewrites the local commits `from..to` (not pushed yet) so that none of them carries what the push
 * gate refused, without touching the work tree or the index: each commit keeps its author, date,
 * message and every other change, while
 * - the `drop` files stay as they are in `from` (their change is carried aside by the caller);
 * - each `repair` day file is the prefix merge of the commit's change onto the rewritten parent: the
 *   entries it removed or moved are back in place, its new entries after them.
 * A commit left with no change is dropped, as `git rebase` does. A range with merges (a hand `git
 * merge`) is first replayed in line onto `from` (replayOnto). Returns the new tip.
 */
export async function rewriteRange(repo: Repo, identity: Identity, range: { from?: string; to: string }, plan: GatePlan): Promise<string> {
  let tip = range.to;
  const spec = range.from === undefined ? [tip] : [`${range.from}..${tip}`];
  let commits = parseLocalCommits(await repo.git.run(['log', '-z', '--reverse', '--first-parent', '--date=raw', LOG_FORMAT, ...spec]));
  const linear = commits.every((c, i) => c.parents.length === 1 && c.parents[0] === (i === 0 ? range.from : commits[i - 1]?.sha));
  if (range.from !== undefined && !linear) {
    tip = await replayOnto(repo.git, identity, range.from, repo.config.branch, repo.stateDir, tip);
    commits = parseLocalCommits(await repo.git.run(['log', '-z', '--reverse', '--first-parent', '--date=raw', LOG_FORMAT, `${range.from}..${tip}`]));
  }
  const paths = [...plan.drop, ...plan.repair];
  const base = range.from;
  const names = [
    ...(base === undefined ? [] : paths.map((p) => `${base}:${p}`)),
    ...commits.flatMap((c) => paths.flatMap((p) => [`${c.sha}:${p}`, `${c.parents[0] ?? ''}:${p}`])),
  ];
  const texts = await readBlobTexts(repo.git, names);
  const blob = new Map(names.map((name, i) => [name, texts[i]]));
  // The rewritten parent's version of each file, starting from the remote's.
  const current = new Map(paths.map((p) => [p, base === undefined ? undefined : blob.get(`${base}:${p}`)]));
  let parent = base;
  let parentTree = base === undefined ? undefined : (await repo.git.run(['rev-parse', `${base}^{tree}`])).trim();
  for (const commit of commits) {
    const files: Array<{ path: string; text: string | undefined }> = [];
    for (const path of plan.drop) files.push({ path, text: current.get(path) });
    for (const path of plan.repair) {
      const [before, after] = [blob.get(`${commit.parents[0] ?? ''}:${path}`), blob.get(`${commit.sha}:${path}`)];
      const onto = current.get(path);
      const text = before === after || onto === undefined ? (onto ?? after) : mergeOntoRemote(before ?? '', onto, after ?? '', { onConflict: 'remote' }).text;
      current.set(path, text);
      files.push({ path, text });
    }
    const tree = await treeWith(repo, `${commit.sha}^{tree}`, files);
    if (tree === parentTree) continue;
    const env = { ...identityEnv(identity), GIT_AUTHOR_NAME: commit.authorName, GIT_AUTHOR_EMAIL: commit.authorEmail, GIT_AUTHOR_DATE: commit.authorDate };
    parent = (await repo.git.run(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', commit.message], { env })).trim();
    parentTree = tree;
  }
  return parent ?? tip;
}

/** `tree` with the given files set (undefined: removed), built in a temporary index. */
async function treeWith(repo: Repo, tree: string, files: ReadonlyArray<{ path: string; text: string | undefined }>): Promise<string> {
  const index = join(repo.stateDir, 'rewrite.index');
  await Promise.all([rm(index, { force: true }), rm(`${index}.lock`, { force: true })]);
  const env = { GIT_INDEX_FILE: index };
  try {
    await repo.git.run(['read-tree', tree], { env });
    const lines: string[] = [];
    for (const file of files) {
      if (file.text === undefined) {
        lines.push(`0 ${'0'.repeat(40)}\t${file.path}\n`);
        continue;
      }
      const sha = (await repo.git.runWithInput(['hash-object', '-w', '--no-filters', '--stdin'], file.text)).toString('utf8').trim();
      lines.push(`100644 ${sha}\t${file.path}\n`);
    }
    await repo.git.runWithInput(['update-index', '--index-info'], lines.join(''), { env });
    return (await repo.git.run(['write-tree'], { env })).trim();
  } finally {
    await rm(index, { force: true });
  }
}
