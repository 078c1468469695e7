import type { Logger } from '../../adapters/log.js';
import type { WakePolicy } from '../../core/config/team.js';
import type { Identity } from '../../core/identity.js';
import { budgetActive, digestNotice, holdSentence, type Admission } from '../../core/wake/budget.js';
import type { WakeRecord } from '../../core/wake/notes.js';
import type { Repo } from '../clone/repo.js';
import { resolveRef } from '../sync/refs.js';
import type { WakeBudgetStore } from './budget.js';
import { heldWake } from './digest.js';
import { mergeJobs, targetOf, type WakeJob } from './wake-job.js';

export interface BudgetFlowDeps {
  repo: Pick<Repo, 'git' | 'config'>;
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
 * woken again, riding along with a new wake of the same peer when there is one.
 */
export interface BudgetFlow {
  /**
   * Lets the wakes of one push through the budget (`tip`: the pushed commit, to observe who else
   * wrote); resolves with the peers whose wake was queued (held ones are not).
   */
  admit(jobs: ReadonlyArray<readonly [peer: string, job: WakeJob]>, tip: string): Promise<string[]>;
  /** Between cycles: sends the digests that are due. Cheap when no pair is held or in an exchange. */
  release(): Promise<void>;
}

export function createBudgetFlow(deps: BudgetFlowDeps): BudgetFlow {
  const { budget, log } = deps;
  const policy = (): WakePolicy => deps.repo.config.wake;

  /** The digests due now, each rebuilt from its commits, by lower-case peer id. */
  async function dueDigests(tip: string): Promise<Map<string, WakeJob>> {
    await budget.observe(tip);
    const jobs = new Map<string, WakeJob>();
    for (const { peer, held } of await budget.takeDue(deps.now())) {
      const rebuilt = await heldWake(deps.repo.git, held.commits, deps.identity, policy(), peer);
      if (rebuilt?.agent === undefined) continue;
      const notice = digestNotice(held, policy().budget);
      jobs.set(peer, { target: targetOf(rebuilt.agent), self: false, wake: rebuilt.wake, commits: rebuilt.commits, notice });
    }
    return jobs;
  }

  function hold(peer: string, job: WakeJob, admission: Extract<Admission, { send: false }>): void {
    const now = deps.now();
    const until = new Date(admission.until).toISOString();
    deps.note(job.commits, { status: 'held', peer: job.target.id.toLowerCase(), at: now.toISOString(), by: deps.identity.id, until });
    if (admission.started) {
      log.log({
        level: 'warn',
        event: 'wake-budget',
        message: holdSentence(peer, admission.reason, admission.until, policy().budget),
        fields: { peer, reason: admission.reason, until },
      });
    } else {
      log.log({ level: 'debug', event: 'wake-budget', message: `held another wake of ${peer} (${job.wake.entries.length} entries) for the digest`, fields: { peer, reason: admission.reason, until } });
    }
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
    async admit(jobs, tip) {
      const queued: string[] = [];
      // The budget fails open: a state file that cannot be read or written never costs a wake.
      const digests = await dueDigests(tip).catch((error: unknown) => {
        failed(error);
        return new Map<string, WakeJob>();
      });
      for (const [peer, fresh] of jobs) {
        const key = peer.toLowerCase();
        const digest = digests.get(key);
        digests.delete(key);
        const job = digest === undefined ? fresh : mergeJobs(digest, fresh);
        const admission = await budget.admit(peer, job.commits, deps.now()).catch((error: unknown): Admission => {
          failed(error);
          return { send: true };
        });
        if (admission.send) {
          if (digest !== undefined) log.log({ level: 'info', event: 'wake-budget', message: `${peer} may be woken again: the held entries ride along with this wake`, fields: { peer } });
          deps.enqueue(peer, job);
          queued.push(peer);
        } else hold(peer, job, admission);
      }
      for (const [peer, job] of digests) {
        await budget.record(peer, deps.now()).catch(failed);
        sendDigest(peer, job);
        queued.push(peer);
      }
      return queued;
    },
    async release() {
      if (!budgetActive(await budget.read())) return;
      const head = await resolveRef(deps.repo.git, 'HEAD');
      if (head === undefined) return;
      for (const [peer, job] of await dueDigests(head)) {
        await budget.record(peer, deps.now());
        sendDigest(peer, job);
      }
    },
  };
}
