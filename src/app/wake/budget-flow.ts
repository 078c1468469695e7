import type { WakePolicy } from '../../core/config/team.js';
import type { Identity } from '../../core/identity.js';
import { resolveCommit } from '../../core/git/refs.js';
import { digestJob, holdOf, pairWithDigests } from '../../core/wake/admission.js';
import { budgetActive, type Admission } from '../../core/wake/budget.js';
import type { WakeJob } from '../../core/wake/job.js';
import type { WakeRecord } from '../../core/wake/notes.js';
import type { Git, Logger } from '../../ports/index.js';
import type { WakeBudgetStore } from './budget.js';
import { heldWake } from './digest.js';

export interface BudgetFlowDeps {
  repo: { git: Git; config: { wake: WakePolicy } };
  identity: Identity;
  log: Logger;
  budget: WakeBudgetStore;
  now: () => Date;
  /** Hands a wake to the dispatcher. */
  enqueue: (peer: string, job: WakeJob) => void;
  /** Records facts about commits in the wake notes (pushed later by the housekeeping). */
  note: (commits: readonly string[], record: WakeRecord) => void;
}

/**
 * The wake budget between choosing peers and calling their Gateways: each chosen wake is sent or held
 * (held wakes are noted `held … until=…` on their commits, so that the peer's own catch-up waits for
 * the digest instead of undoing the budget); held wakes go out as one digest when their pair may be
 * woken again, riding along with a new wake of the same peer when there is one. The decisions are
 * core/wake/admission.ts and core/wake/budget.ts; this runs them against the stored state and git.
 */
export interface BudgetFlow {
  /**
   * Lets the wakes of one push through the budget (`tip`: the pushed commit, to observe who else
   * wrote, then each of `alsoSeen`); resolves with the peers whose wake was queued (held ones are not).
   */
  admit(jobs: ReadonlyArray<readonly [peer: string, job: WakeJob]>, tip: string, alsoSeen?: readonly string[]): Promise<string[]>;
  /** Between cycles: sends the digests that are due. Cheap when no pair is held or in an exchange. */
  release(): Promise<void>;
}

export function createBudgetFlow(deps: BudgetFlowDeps): BudgetFlow {
  const { budget, log } = deps;
  const policy = (): WakePolicy => deps.repo.config.wake;

  /** The digests due now, each rebuilt from its commits, by lower-case peer id. */
  async function dueDigests(tip: string, alsoSeen: readonly string[] = []): Promise<Map<string, WakeJob>> {
    await budget.observe(tip);
    for (const seen of alsoSeen) if (seen !== tip) await budget.observe(seen);
    const jobs = new Map<string, WakeJob>();
    for (const { peer, held } of await budget.takeDue(deps.now())) {
      const rebuilt = await heldWake(deps.repo.git, held.commits, deps.identity, policy(), peer);
      const job = rebuilt === undefined ? undefined : digestJob(rebuilt, held, policy().budget);
      if (job !== undefined) jobs.set(peer, job);
    }
    return jobs;
  }

  function hold(peer: string, job: WakeJob, admission: Extract<Admission, { send: false }>): void {
    const { record, line } = holdOf(peer, job, admission, policy().budget, deps.now(), deps.identity.id);
    deps.note(job.commits, record);
    log.log({ ...line, event: 'wake-budget' });
  }

  let lastFailure = '';
  function failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (message === lastFailure) return;
    lastFailure = message;
    log.log({ level: 'warn', event: 'wake-budget', message: `the wake budget could not be read or saved (${message}); wakes are sent meanwhile` });
  }

  function sendDigest(peer: string, job: WakeJob): void {
    log.log({ level: 'info', event: 'wake-budget', message: `${peer} may be woken again: one digest wake carries ${job.wake.entries.length} held entries`, fields: { peer, entries: job.wake.entries.length } });
    deps.enqueue(peer, job);
  }

  return {
    async admit(jobs, tip, alsoSeen) {
      const queued: string[] = [];
      // The budget fails open: a state file that cannot be read or written never costs a wake.
      const digests = await dueDigests(tip, alsoSeen).catch((error: unknown) => {
        failed(error);
        return new Map<string, WakeJob>();
      });
      const { fresh, alone } = pairWithDigests(jobs, digests);
      for (const { peer, job, withDigest } of fresh) {
        const admission = await budget.admit(peer, job.commits, deps.now()).catch((error: unknown): Admission => {
          failed(error);
          return { send: true };
        });
        if (admission.send) {
          if (withDigest) log.log({ level: 'info', event: 'wake-budget', message: `${peer} may be woken again: the held entries ride along with this wake`, fields: { peer } });
          deps.enqueue(peer, job);
          queued.push(peer);
        } else hold(peer, job, admission);
      }
      for (const [peer, job] of alone) {
        await budget.record(peer, deps.now()).catch(failed);
        sendDigest(peer, job);
        queued.push(peer);
      }
      return queued;
    },
    async release() {
      if (!budgetActive(await budget.read())) return;
      const head = await deps.repo.git.exec(resolveCommit('HEAD'));
      if (head === undefined) return;
      for (const [peer, job] of await dueDigests(head)) {
        await budget.record(peer, deps.now());
        sendDigest(peer, job);
      }
    },
  };
}
