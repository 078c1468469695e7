import { join } from 'node:path';
import { identityEnv, type Identity } from '../../core/identity.js';
import { fetchNotes, gitProblem, isMissingRemoteRef, mergeNotesByUnion, pushNotes, setNote, showNote, showNotes } from '../../core/git/notes.js';
import { isAncestor, resolveCommit, updateRef } from '../../core/git/refs.js';
import { addWakeRecords, exchangeVerdict, integrationStep, parseWakeNote, WAKE_NOTES_REF, type NotesSyncResult, type WakeRecord } from '../../core/wake/notes.js';
import type { Files, Git, Logger } from '../../ports/index.js';
import { REMOTE } from '../clone/repo.js';

export type { NotesSyncResult } from '../../core/wake/notes.js';

/** Where the remote's wake notes are fetched to (a tracking ref; `git notes merge` needs refs/notes/). */
export const WAKE_NOTES_TRACKING = 'refs/notes/remotes/origin/ois-wakes';
const NOTES_TIMEOUT_MS = 30_000;
/** Commits whose notes one `git log` reads at most (an argument list well inside every OS's limit). */
const NOTES_BATCH = 200;

/**
 * The wake notes of a clone: `refs/notes/ois-wakes`, one note per commit that carried entries, holding
 * {@link WakeRecord} lines. Written only for commits already on the remote, merged by union, pushed
 * without force; a failure here is reported, never thrown, and never stops a sync.
 */
export interface WakeNotes {
  read(sha: string): Promise<WakeRecord[]>;
  /**
   * The records of several commits, in one git process per NOTES_BATCH commits (the catch-up decides
   * every waiting commit at once); one by one where that read fails or does not line up.
   */
  readMany(shas: readonly string[]): Promise<Map<string, WakeRecord[]>>;
  /** Adds records to commits' notes (locally). */
  add(records: ReadonlyMap<string, readonly WakeRecord[]>): Promise<void>;
  /** Fetches the remote's notes, merges them in (union), and pushes ours if the remote lacks them. */
  sync(options?: { push?: boolean }): Promise<NotesSyncResult>;
}

export function createWakeNotes(repo: { git: Git }, identity: Identity): WakeNotes {
  const { git } = repo;
  const env = identityEnv(identity);
  const ref = WAKE_NOTES_REF;
  const note = (sha: string): Promise<string> => git.exec(showNote(ref, sha)).catch(() => '');

  async function fetch(): Promise<'fetched' | 'absent'> {
    try {
      await git.exec(fetchNotes(REMOTE, ref, WAKE_NOTES_TRACKING), { timeoutMs: NOTES_TIMEOUT_MS });
      return 'fetched';
    } catch (error) {
      if (isMissingRemoteRef(error)) return 'absent';
      throw error;
    }
  }

  async function integrate(): Promise<NotesSyncResult['integrated']> {
    const remote = await git.exec(resolveCommit(WAKE_NOTES_TRACKING));
    const local = await git.exec(resolveCommit(ref));
    const has = async (ancestor: string | undefined, descendant: string | undefined): Promise<boolean> =>
      ancestor !== undefined && descendant !== undefined && ancestor !== descendant && (await git.exec(isAncestor(ancestor, descendant)));
    const localHasRemote = await has(remote, local);
    const step = integrationStep({ local, remote, localHasRemote, remoteHasLocal: !localHasRemote && (await has(local, remote)) });
    if (step === 'fast-forward' && remote !== undefined) await git.exec(updateRef(ref, remote, { message: 'ois: wake notes fast-forward', expected: local ?? '' }));
    if (step === 'merged') await git.exec(mergeNotesByUnion(ref, WAKE_NOTES_TRACKING, env));
    return step;
  }

  async function push(): Promise<NotesSyncResult['push']> {
    const local = await git.exec(resolveCommit(ref));
    const remote = await git.exec(resolveCommit(WAKE_NOTES_TRACKING));
    if (local === undefined || local === remote || (remote !== undefined && (await git.exec(isAncestor(local, remote))))) return 'up-to-date';
    if ((await git.exec(pushNotes(REMOTE, ref), { timeoutMs: NOTES_TIMEOUT_MS })) === 'rejected') return 'rejected';
    await git.exec(updateRef(WAKE_NOTES_TRACKING, local));
    return 'pushed';
  }

  /** The notes' texts of `shas`, NOTES_BATCH to a git process; one by one where a batch fails or does not line up. */
  async function notesOf(shas: readonly string[]): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    const unique = [...new Set(shas)];
    for (let i = 0; i < unique.length; i += NOTES_BATCH) {
      const batch = unique.slice(i, i + NOTES_BATCH);
      const read = batch.length === 1 ? undefined : await git.exec(showNotes(ref, batch)).catch(() => undefined);
      for (const sha of batch) texts.set(sha, read?.get(sha) ?? (read === undefined ? await note(sha) : ''));
    }
    return texts;
  }

  return {
    read: async (sha) => parseWakeNote(await note(sha)),
    readMany: async (shas) => new Map([...(await notesOf(shas))].map(([sha, text]) => [sha, parseWakeNote(text)])),
    async add(records) {
      const written = [...records].filter(([, list]) => list.length > 0);
      const before = await notesOf(written.map(([sha]) => sha));
      for (const [sha, list] of written) {
        const text = addWakeRecords(before.get(sha) ?? '', list);
        await git.exec(setNote(ref, sha, text.trimEnd(), env));
      }
    },
    async sync(options = {}) {
      let integrated: NotesSyncResult['integrated'] = 'none';
      try {
        if ((await fetch()) === 'fetched') integrated = await integrate();
        if (options.push === false) return { integrated, push: 'up-to-date' };
        return { integrated, push: await push() };
      } catch (error) {
        return { integrated, push: 'failed', problem: gitProblem(error) };
      }
    },
  };
}

/** The last outcome of waking one peer, as `.git/ois/wakes.json` keeps it. */
export interface LastOutcome {
  outcome: string;
  message: string;
  at: string;
}

/**
 * The wake ledger of one process: the one owner of what was woken for which commit. Settled wakes
 * (and the budget's holds) are noted here, written as git notes by {@link WakeLedger.flush}, and
 * exchanged with the remote by {@link WakeLedger.exchange}; records that could not be written are
 * kept for the next flush, notes that could not be pushed for the next exchange. Never throws from
 * `flush` or `exchange`: failures are logged (once per distinct problem).
 */
export interface WakeLedger {
  /** Notes `record` on each of `commits` (written at the next flush). */
  note(commits: readonly string[], record: WakeRecord): void;
  /** The latest outcome for `peer` (`.git/ois/wakes.json`, written at the next flush). */
  outcome(peer: string, last: LastOutcome): void;
  /** Whether local notes wait to be pushed. */
  readonly dirty: boolean;
  /** Asks the next exchange to run (something arrived whose notes matter). */
  markDirty(): void;
  flush(): Promise<void>;
  exchange(): Promise<void>;
}

export interface WakeLedgerDeps {
  notes: WakeNotes;
  files: Pick<Files, 'writeAtomic'>;
  log: Logger;
  stateDir: string;
}

export function createWakeLedger(deps: WakeLedgerDeps): WakeLedger {
  const { notes, log } = deps;
  const pending = new Map<string, WakeRecord[]>();
  const lastOutcomes: Record<string, LastOutcome> = {};
  let dirty = false;
  let lastProblem = '';
  const add = (sha: string, records: readonly WakeRecord[], before = false): void => {
    const had = pending.get(sha) ?? [];
    pending.set(sha, before ? [...records, ...had] : [...had, ...records]);
  };

  return {
    note(commits, record) {
      for (const sha of commits) add(sha, [record]);
    },
    outcome(peer, last) {
      lastOutcomes[peer] = last;
    },
    get dirty() {
      return dirty;
    },
    markDirty() {
      dirty = true;
    },
    async flush() {
      if (pending.size === 0) return;
      const batch = new Map(pending);
      pending.clear();
      try {
        await notes.add(batch);
        dirty = true;
      } catch (error) {
        for (const [sha, records] of batch) add(sha, records, true);
        log.log({ level: 'warn', event: 'wake-notes', message: `could not record wakes in git notes: ${(error as Error).message}; retried later` });
      }
      await deps.files.writeAtomic(join(deps.stateDir, 'wakes.json'), `${JSON.stringify({ peers: lastOutcomes }, null, 2)}\n`).catch(() => undefined);
    },
    async exchange() {
      const verdict = exchangeVerdict(await notes.sync(), lastProblem);
      dirty = verdict.dirty;
      if (verdict.report) log.log({ level: 'debug', event: 'wake-notes', message: `wake notes not pushed (${verdict.problem}); retried next cycle` });
      lastProblem = verdict.problem;
    },
  };
}
