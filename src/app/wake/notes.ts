import { GitCommandError } from '../../adapters/git.js';
import { identityEnv, type Identity } from '../../core/identity.js';
import { addWakeRecords, parseWakeNote, WAKE_NOTES_REF, type WakeRecord } from '../../core/wake/notes.js';
import { REMOTE, type Repo } from '../clone/repo.js';
import { isAncestor, resolveRef } from '../sync/refs.js';

/** Where the remote's wake notes are fetched to (a tracking ref; `git notes merge` needs refs/notes/). */
export const WAKE_NOTES_TRACKING = 'refs/notes/remotes/origin/ois-wakes';
const NOTES_TIMEOUT_MS = 30_000;

/** What a notes exchange did. */
export interface NotesSyncResult {
  /** `fast-forward`, `merged` (union), or `none` when nothing came in. */
  integrated: 'none' | 'fast-forward' | 'merged';
  /** `pushed`, `up-to-date`, `rejected` (the remote moved: retried next time), or `failed` (with why). */
  push: 'pushed' | 'up-to-date' | 'rejected' | 'failed';
  /** A problem in words (never a secret: URLs are not quoted). */
  problem?: string;
}

/**
 * The wake notes of a clone: `refs/notes/ois-wakes`, one note per commit that carried entries, holding
 * {@link WakeRecord} lines. Written only for commits already on the remote, merged by union, pushed
 * without force; a failure here is reported, never thrown, and never stops a sync.
 */
export interface WakeNotes {
  read(sha: string): Promise<WakeRecord[]>;
  /** Adds records to commits' notes (locally). */
  add(records: ReadonlyMap<string, readonly WakeRecord[]>): Promise<void>;
  /** Fetches the remote's notes, merges them in (union), and pushes ours if the remote lacks them. */
  sync(options?: { push?: boolean }): Promise<NotesSyncResult>;
}

export function createWakeNotes(repo: Pick<Repo, 'git'>, identity: Identity): WakeNotes {
  const { git } = repo;
  const env = identityEnv(identity);
  const ref = WAKE_NOTES_REF;

  async function note(sha: string): Promise<string> {
    try {
      return await git.run(['notes', `--ref=${ref}`, 'show', sha]);
    } catch {
      return '';
    }
  }

  async function fetch(): Promise<'fetched' | 'absent'> {
    try {
      await git.run(['fetch', '--no-tags', '--no-write-fetch-head', '--quiet', REMOTE, `+${ref}:${WAKE_NOTES_TRACKING}`], { timeoutMs: NOTES_TIMEOUT_MS });
      return 'fetched';
    } catch (error) {
      if (error instanceof GitCommandError && /couldn't find remote ref/i.test(error.stderr)) return 'absent';
      throw error;
    }
  }

  async function integrate(): Promise<NotesSyncResult['integrated']> {
    const remote = await resolveRef(git, WAKE_NOTES_TRACKING);
    if (remote === undefined) return 'none';
    const local = await resolveRef(git, ref);
    if (local === remote || (local !== undefined && (await isAncestor(git, remote, local)))) return 'none';
    if (local === undefined || (await isAncestor(git, local, remote))) {
      await git.run(['update-ref', '-m', 'ois: wake notes fast-forward', ref, remote, local ?? '']);
      return 'fast-forward';
    }
    await git.run(['notes', `--ref=${ref}`, 'merge', '-q', '-s', 'cat_sort_uniq', WAKE_NOTES_TRACKING], { env });
    return 'merged';
  }

  async function push(): Promise<NotesSyncResult['push']> {
    const local = await resolveRef(git, ref);
    const remote = await resolveRef(git, WAKE_NOTES_TRACKING);
    if (local === undefined || local === remote || (remote !== undefined && (await isAncestor(git, local, remote)))) return 'up-to-date';
    try {
      await git.run(['push', '--porcelain', '--quiet', REMOTE, `${ref}:${ref}`], { timeoutMs: NOTES_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof GitCommandError && /\[rejected\]|non-fast-forward|fetch first|stale info/i.test(error.stderr)) return 'rejected';
      throw error;
    }
    await git.run(['update-ref', WAKE_NOTES_TRACKING, local]);
    return 'pushed';
  }

  return {
    read: async (sha) => parseWakeNote(await note(sha)),
    async add(records) {
      for (const [sha, list] of records) {
        if (list.length === 0) continue;
        const text = addWakeRecords(await note(sha), list);
        await git.run(['notes', `--ref=${ref}`, 'add', '-f', '-m', text.trimEnd(), sha], { env });
      }
    },
    async sync(options = {}) {
      let integrated: NotesSyncResult['integrated'] = 'none';
      try {
        if ((await fetch()) === 'fetched') integrated = await integrate();
        if (options.push === false) return { integrated, push: 'up-to-date' };
        return { integrated, push: await push() };
      } catch (error) {
        return { integrated, push: 'failed', problem: problemOf(error) };
      }
    },
  };
}

function problemOf(error: unknown): string {
  if (error instanceof GitCommandError) {
    const line = error.stderr.trim().split('\n').filter((l) => l.trim() && !/^hint:/.test(l)).at(-1) ?? error.message;
    // Remote URLs may carry credentials: keep only git's words, not the URL.
    return line.replace(/[a-z]+:\/\/\S+/gi, '<remote>').replace(/^fatal: /, '');
  }
  return error instanceof Error ? error.message : String(error);
}
