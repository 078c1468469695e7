import { mergeOntoRemote } from '../chatlog/merge-onto.js';
import { isDamaged, pushedDamage } from '../chatlog/prefix.js';
import { isChatLog } from './message.js';
import { MAX_QUEUED_COMMITS } from './queue-refs.js';
import type { RawCommit } from './raw-log.js';

/**
 * The push queue's decisions (pure; docs/sync.md, "When everyone writes at once"). A writer whose push
 * was rejected pushes its tip as `refs/ois/queue/<id>/<sha>` (a new ref: never rejected for being
 * behind, never a force) and wakes its peers at once; the next writer that pushes to the branch takes
 * every queued tip the branch lacks into one merge commit (the branch as first parent: its first-parent
 * history only appends, and the queued commits keep their ids, so their wake notes stay valid).
 *
 * A queued tip is taken only when every commit it brings changes chat day files alone, adds or
 * modifies them (never deletes one), removes, moves or reopens no entry the branch has, and its
 * entries merge onto the branch's (the prefix merge: the branch's file stays a prefix). Anything else
 * (a registry or config edit, a shared file, cut entries, unrelated history, a conflict) is left for
 * its author to push the normal way; whoever pushed it gains nothing by queueing it.
 */

/** One queued tip, as the integration reads it. */
export interface QueuedInput {
  sha: string;
  ref: string;
  /** Its commits the branch lacks, first-parent, newest first (rawChanges over `^branch tip`). */
  commits: readonly RawCommit[];
  /** The merge base with the branch (undefined: no shared history). */
  fork?: string;
}

export interface IntegrationInput {
  /** The branch's commit (the merge's first parent). */
  branch: string;
  /** Oldest first. */
  tips: readonly QueuedInput[];
  /** A blob's text by object name or `<commit>:<path>` (undefined: absent). */
  text: (name: string) => string | undefined;
}

export interface IntegrationPlan {
  /** The tips taken, in merge order. */
  taken: string[];
  /**
   * Tips left out, and why (for the log). `final` when no later branch can change that (the tip itself
   * is at fault: not chat alone, a deletion, too many commits, no shared history).
   */
  skipped: Array<{ sha: string; ref: string; why: string; final?: boolean }>;
  /** The day files of the merge, where they differ from the branch's. */
  files: Array<{ path: string; text: string }>;
}

/**
 * Which queued tips to take and the day files of the merge: each taken tip's versions prefix-merged
 * onto the branch's, in order, with the tip's fork point as the base (an entry it completed is one
 * entry, never two). A tip whose entries are all on the branch already is skipped (nothing to take).
 *
 * @example planIntegration({ branch, tips: [{ sha, ref, commits, fork }], text }).taken // [sha]
 */
export function planIntegration(input: IntegrationInput): IntegrationPlan {
  const current = new Map<string, string>();
  const textNow = (path: string): string => current.get(path) ?? input.text(`${input.branch}:${path}`) ?? '';
  const taken: string[] = [];
  const skipped: IntegrationPlan['skipped'] = [];
  for (const tip of input.tips) {
    const why = refusal(tip, input.branch, input.text);
    if (why !== undefined) {
      skipped.push({ sha: tip.sha, ref: tip.ref, why: why.why, ...(why.final ? { final: true } : {}) });
      continue;
    }
    const paths = [...new Set(tip.commits.flatMap((c) => c.changes.map((f) => f.path)))];
    const merged = new Map<string, string>();
    let conflict: string | undefined;
    for (const path of paths) {
      const ours = textNow(path);
      const theirs = input.text(`${tip.sha}:${path}`) ?? '';
      const base = input.text(`${tip.fork}:${path}`) ?? '';
      const result = mergeOntoRemote(base, ours, theirs);
      if (result.conflicts > 0) conflict = path;
      else if (result.text !== ours) merged.set(path, result.text);
    }
    if (conflict !== undefined) skipped.push({ sha: tip.sha, ref: tip.ref, why: `its entries in ${conflict} conflict with the branch's` });
    else if (merged.size === 0) skipped.push({ sha: tip.sha, ref: tip.ref, why: 'its entries are on the branch already' });
    else {
      for (const [path, text] of merged) current.set(path, text);
      taken.push(tip.sha);
    }
  }
  return { taken, skipped, files: [...current].map(([path, text]) => ({ path, text })) };
}

/** Why a queued tip may not be taken, or undefined; `final` when it is the tip's own fault, whatever the branch. */
function refusal(tip: QueuedInput, branch: string, text: IntegrationInput['text']): { why: string; final: boolean } | undefined {
  const final = (why: string) => ({ why, final: true });
  if (tip.fork === undefined) return final('it shares no history with the branch');
  if (tip.commits.length === 0) return { why: 'the branch holds it already', final: false };
  if (tip.commits.length > MAX_QUEUED_COMMITS) return final(`it brings more than ${MAX_QUEUED_COMMITS} commits`);
  for (const commit of tip.commits) {
    for (const file of commit.changes) {
      if (!isChatLog(file.path)) return final(`commit ${commit.sha.slice(0, 8)} changes ${file.path}, not only chat`);
      if (file.after === undefined) return final(`commit ${commit.sha.slice(0, 8)} deletes ${file.path}`);
      const pushed = text(`${branch}:${file.path}`);
      if (pushed === undefined) continue;
      const damage = pushedDamage(pushed, file.before === undefined ? '' : (text(file.before) ?? ''), text(file.after) ?? '');
      if (isDamaged(damage)) {
        return { why: `commit ${commit.sha.slice(0, 8)} removes, moves or cuts entries of ${file.path} the branch has`, final: false };
      }
    }
  }
  return undefined;
}

/** The merge commit's message. @example integrationMessage(['aria', 'hkh']) // 'ois: merge 2 queued pushes (aria, hkh)' */
export function integrationMessage(members: readonly string[]): string {
  const who = [...new Set(members)].join(', ');
  return `ois: merge ${members.length} queued push${members.length === 1 ? '' : 'es'} (${who})\n`;
}
