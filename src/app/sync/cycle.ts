import { OisError } from '../../core/errors.js';
import { classifyFailure } from '../../core/failure.js';
import type { Identity } from '../../core/identity.js';
import { isStanding, type SyncNotice } from '../../core/sync/notices.js';
import type { Repo } from '../clone/repo.js';
import { recordNotices, updateState } from '../clone/state.js';
import { commitLocalChanges, type CommitGate, type CommitResult } from './commit.js';
import { withChatLock } from '../chat/append.js';
import { exchange, type ExchangeDeps, type ExchangeResult, type LocalSteps } from './exchange.js';
import { recover } from './recover.js';

export interface CycleDeps extends ExchangeDeps {
  gate?: CommitGate;
  /** Right after a rejected push was queued: wake its peers now (LocalSteps.queued). Must not throw. */
  onQueued?: LocalSteps['queued'];
}

export interface CycleOutcome {
  recovered: string[];
  commit: CommitResult;
  exchange: ExchangeResult;
  /** What the chat guard, the work-tree update and the push gate did (see core/sync/notices.ts). */
  notices: SyncNotice[];
}

/**
 * One full sync cycle (DESIGN.md section 4): heal, commit, fetch and integrate, push (see exchange). Records the
 * outcome in `.git/ois/status.json`; on failure the error is recorded and rethrown, and every commit
 * stays in the local branch.
 */
export async function runCycle(
  repo: Repo,
  identity: Identity,
  deps: CycleDeps,
  options: { pushFirst?: boolean; pushNew?: boolean } = {},
): Promise<CycleOutcome> {
  const startedAt = deps.now().toISOString();
  let commit: CommitResult = { files: [], excluded: [] };
  try {
    await repo.ports.files.mkdir(repo.stateDir);
    const recovered = await recover(repo, repo.config.branch, deps.now());
    const local: LocalSteps = {
      commitPending: async () => {
        const next = await commitLocalChanges(repo, identity, deps.gate, deps.now().getTime());
        commit = mergeCommits(commit, next);
        return next;
      },
      guard: (fn) => withChatLock(repo, fn),
      ...(deps.onQueued === undefined ? {} : { queued: deps.onQueued }),
    };
    let result: ExchangeResult | undefined;
    for (let attempt = 0; result === undefined; attempt += 1) {
      try {
        result = await exchange(repo, identity, deps, local, { pushFirst: options.pushFirst ?? false, pushNew: options.pushNew ?? false });
      } catch (error) {
        // A file changed while the remote's commits were being brought in (an agent writing it directly,
        // not through `ois say`): the next attempt commits that too.
        if (!(error instanceof OisError && error.code === 'CONFLICT' && error.data.retry === true && attempt < 3)) throw error;
      }
    }
    const at = deps.now().toISOString();
    const notices = [...(commit.notices ?? []), ...(result.notices ?? [])];
    await updateState(repo, (state) => {
      const { lastError: _error, conflict: _conflict, ...rest } = state;
      return recordNotices(
        { ...rest, lastAttemptAt: startedAt, lastSuccessAt: at, ...(result.pushed ? { lastPushAt: at } : {}), excluded: commit.excluded },
        notices,
        at,
      );
    });
    return { recovered, commit, exchange: result, notices };
  } catch (error) {
    await recordFailure(repo, classifyFailure(error) ?? error, startedAt, commit).catch(() => undefined);
    throw classifyFailure(error) ?? error;
  }
}

/**
 * Two commit steps of one cycle, as one result: the latest commit, every file, the last exclusions,
 * dirty files and wait; the events of both (restorations), the standing notices of the last.
 */
function mergeCommits(first: CommitResult, second: CommitResult): CommitResult {
  const events = [...(first.notices ?? []), ...(second.notices ?? [])].filter((n) => !isStanding(n));
  const notices = [...new Map([...events, ...(second.notices ?? []).filter(isStanding)].map((n) => [JSON.stringify(n), n])).values()];
  const { retryAt: _retry, dirty: _dirty, ...kept } = first;
  const latest = { excluded: second.excluded, notices, ...(second.dirty ? { dirty: second.dirty } : {}), ...(second.retryAt === undefined ? {} : { retryAt: second.retryAt }) };
  if (!second.sha) return { ...kept, ...latest };
  return { ...second, ...latest, files: [...new Set([...first.files, ...second.files])] };
}

async function recordFailure(repo: Repo, error: unknown, at: string, commit: CommitResult): Promise<void> {
  const typed = error instanceof OisError ? error : undefined;
  await updateState(repo, (state) =>
    recordNotices(
      {
        ...state,
        lastAttemptAt: at,
        lastError: {
          code: typed?.code ?? 'INTERNAL',
          message: error instanceof Error ? error.message : String(error),
          at,
          ...(typed?.hint ? { hint: typed.hint } : {}),
        },
        ...(typed?.code === 'CONFLICT' ? { conflict: { files: typed.data.files ?? [], at } } : {}),
        excluded: commit.excluded,
      },
      commit.notices ?? [],
      at,
    ),
  );
}
