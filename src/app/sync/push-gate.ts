import { rawChanges } from '../../core/git/history.js';
import { readBlobs } from '../../core/git/objects.js';
import { updateRef } from '../../core/git/refs.js';
import type { Identity } from '../../core/identity.js';
import { isChatLog } from '../../core/sync/message.js';
import type { SyncNotice } from '../../core/sync/notices.js';
import { GATED_FILES, planPushGate, type GateCommit, type GateFinding, type GatePlan } from '../../core/sync/push-gate.js';
import type { Repo } from '../clone/repo.js';
import { rewriteRange } from './rewrite.js';

export const GATE_BACKUP_REF = 'refs/ois/backup/pre-push';

export interface GateOutcome {
  /** What to push: `to`, or the rewritten tip. */
  head: string;
  notices: SyncNotice[];
}

/**
 * The push gate (DESIGN.md section 4): before pushing `from..to` (from: the remote branch; undefined when
 * the push creates it), every commit in the range is checked, whoever made it: registry and config
 * lint, and no pushed chat entry removed or moved (see planPushGate). When something fails, the local
 * commits are rewritten without it (`rewriteRange`, the old tip kept on refs/ois/backup/pre-push) and
 * the branch and work tree moved there under `guard`; a dropped registry change stays in the working
 * tree as an uncommitted edit (the commit step's lint gate then leaves it out until it is fixed).
 * Costs one `git log` (and a `cat-file` when the range touches those files).
 */
export async function gateBeforePush(
  repo: Repo,
  identity: Identity,
  range: { from?: string; to: string },
  dirty: readonly string[],
  guard: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<GateOutcome> {
  const spec = range.from === undefined ? [range.to] : [`${range.from}..${range.to}`];
  const raw = (await repo.git.exec(rawChanges(spec, ['chat', ...GATED_FILES]))).reverse();
  const files = raw.flatMap((c) => c.changes.filter((f) => isChatLog(f.path) || (GATED_FILES as readonly string[]).includes(f.path)));
  if (files.length === 0) return { head: range.to, notices: [] };
  const chatPaths = [...new Set(files.map((f) => f.path).filter(isChatLog))];
  const names = [...new Set(files.flatMap((f) => [f.before, f.after]).filter((s): s is string => s !== undefined))];
  const pushedNames = range.from === undefined ? [] : chatPaths.map((p) => `${range.from}:${p}`);
  const texts = await repo.git.exec(readBlobs([...names, ...pushedNames]));
  const blob = new Map(names.map((name, i) => [name, texts[i]]));
  const commits: GateCommit[] = raw.map((c) => ({
    sha: c.sha,
    subject: c.subject,
    files: c.changes.map((f) => ({ path: f.path, ...textOf('before', f.before, blob), ...textOf('after', f.after, blob) })),
  }));
  const pushed = new Map(chatPaths.map((p, i) => [p, texts[names.length + i]]));
  const { blockingDiagnostics } = await import('./gate.js');
  const lint = (path: string, text: string): GateFinding[] =>
    blockingDiagnostics(path, text).map((d) => ({ line: d.position.start.line, column: d.position.start.column, message: d.message, ruleId: d.ruleId }));
  const plan = planPushGate({ pushed, commits, lint });
  if (plan.drop.length === 0 && plan.repair.length === 0) return { head: range.to, notices: [] };
  const head = await guard(() => applyPlan(repo, identity, range, plan, dirty));
  const backup = `the commits as they were: ${GATE_BACKUP_REF}`;
  return { head, notices: plan.notices.map((n) => ({ ...n, kept: n.kind === 'not-pushed' ? `the working tree; ${backup}` : GATE_BACKUP_REF })) };
}

async function applyPlan(repo: Repo, identity: Identity, range: { from?: string; to: string }, plan: GatePlan, dirty: readonly string[]): Promise<string> {
  await repo.git.exec(updateRef(GATE_BACKUP_REF, range.to, { reflog: true, message: 'ois: before the push gate rewrote the local commits' }));
  const { moveWorkTree } = await import('./worktree.js');
  const tip = await rewriteRange(repo, identity, range, plan);
  await moveWorkTree(repo, repo.config.branch, range.to, tip, { dirty, keep: plan.drop });
  return tip;
}

function textOf(key: 'before' | 'after', sha: string | undefined, blob: ReadonlyMap<string, string | undefined>): Record<string, string> {
  const text = sha === undefined ? undefined : blob.get(sha);
  return text === undefined ? {} : { [key]: text };
}
