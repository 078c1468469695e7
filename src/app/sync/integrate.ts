import { boundedMemo } from '../../core/bounded-memo.js';
import { commitTree } from '../../core/git/commit.js';
import { rawChanges } from '../../core/git/history.js';
import { readBlobs } from '../../core/git/objects.js';
import { independentCommits, mergeBase, queuedTips, type QueuedTip } from '../../core/git/queue.js';
import { identityEnv, type Identity } from '../../core/identity.js';
import { integrationMessage, planIntegration, type QueuedInput } from '../../core/sync/queue.js';
import { MAX_QUEUED_COMMITS, MAX_QUEUED_TIPS, queuedBy } from '../../core/sync/queue-refs.js';
import type { Git } from '../../ports/git.js';
import type { RawCommit } from '../../core/sync/raw-log.js';
import { writeTreeWith, type Scratch } from './merge-trees.js';

/**
 * Queued tips refused for good in this process (their own fault, whatever the branch: see
 * `IntegrationPlan.skipped`): a stale or hostile ref costs its reading once, not on every push.
 */
const refused = boundedMemo<string, true>(1_000);

export interface Integration {
  /** The merge commit: `branch` as first parent, then each queued tip taken. */
  commit: string;
  taken: string[];
  skipped: Array<{ sha: string; ref: string; why: string }>;
}

/**
 * Takes the queued tips that `branch` lacks (fetched into refs/ois/queued/) into one merge commit, as
 * objects only (no ref, index or work tree changes): the decisions are core/sync/queue.ts's. Returns
 * undefined when no tip was taken. About 6 git processes, whatever the number of tips. `listed`: the
 * queued tips `branch` lacks, when the caller just listed them.
 */
export async function integrateQueued(git: Git, identity: Identity, branch: string, scratch: Scratch, listed?: readonly QueuedTip[]): Promise<Integration | undefined> {
  const pending = (listed ?? (await git.exec(queuedTips('no-merged', branch)))).filter((t) => refused.get(t.sha) !== true);
  if (pending.length === 0) return undefined;
  const oldest = [...pending].sort((a, b) => a.time - b.time || a.ref.localeCompare(b.ref)).slice(0, MAX_QUEUED_TIPS);
  // A tip that another pending tip contains comes in with it.
  const independent = oldest.length === 1 ? new Set([oldest[0]?.sha ?? '']) : await git.exec(independentCommits(oldest.map((t) => t.sha)));
  const seen = new Set<string>();
  const tips = oldest.filter((t) => independent.has(t.sha) && !seen.has(t.sha) && seen.add(t.sha));
  // One `git log --raw` for every tip's first-parent chain (per tip only when that many commits came
  // back that some chain may be cut short), and the fork points (cheap, at once).
  const limit = MAX_QUEUED_COMMITS * tips.length + 1;
  const [all, forks] = await Promise.all([
    git.exec(rawChanges([`--max-count=${limit}`, ...tips.map((t) => t.sha), `^${branch}`], [])),
    Promise.all(tips.map((tip) => git.exec(mergeBase(branch, tip.sha)))),
  ]);
  const chains =
    all.length < limit
      ? tips.map((tip) => chainOf(tip.sha, new Map(all.map((c) => [c.sha, c]))))
      : await Promise.all(tips.map((tip) => git.exec(rawChanges([`--max-count=${MAX_QUEUED_COMMITS + 1}`, tip.sha, `^${branch}`], []))));
  const inputs: QueuedInput[] = tips.map((tip, i) => {
    const fork = forks[i];
    return { sha: tip.sha, ref: tip.ref, commits: chains[i] ?? [], ...(fork === undefined ? {} : { fork }) };
  });
  const names = new Set<string>();
  for (const tip of inputs) {
    for (const commit of tip.commits) {
      for (const file of commit.changes) {
        for (const name of [`${branch}:${file.path}`, `${tip.sha}:${file.path}`, `${tip.fork}:${file.path}`, file.before, file.after]) if (name) names.add(name);
      }
    }
  }
  const list = [...names];
  const texts = list.length === 0 ? [] : await git.exec(readBlobs(list));
  const byName = new Map(list.map((name, i) => [name, texts[i]]));
  const plan = planIntegration({ branch, tips: inputs, text: (name) => byName.get(name) });
  for (const skip of plan.skipped) if (skip.final) refused.set(skip.sha, true);
  if (plan.taken.length === 0) return undefined;
  const tree = await writeTreeWith(git, `${branch}^{tree}`, plan.files, scratch);
  const members = plan.taken.map((sha) => queuedBy(tips.find((t) => t.sha === sha)?.ref ?? '') ?? 'unknown');
  const commit = await git.exec(commitTree(tree, [branch, ...plan.taken], integrationMessage(members), identityEnv(identity)));
  return { commit, taken: plan.taken, skipped: plan.skipped };
}

/** The first-parent chain of `tip` within `commits` (what the branch lacks), newest first. */
function chainOf(tip: string, commits: ReadonlyMap<string, RawCommit>): RawCommit[] {
  const chain: RawCommit[] = [];
  for (let c = commits.get(tip); c !== undefined && chain.length <= MAX_QUEUED_COMMITS; c = commits.get(c.parents[0] ?? '')) chain.push(c);
  return chain;
}
