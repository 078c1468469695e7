import { join } from 'node:path';
import type { Files } from '../../ports/index.js';
import type { Exclusion } from '../../core/sync/filter.js';
import { isStanding, type SyncNotice } from '../../core/sync/notices.js';

/** What `.git/ois/status.json` records about the last cycles (machine-local, never tracked). */
export interface SyncState {
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  lastPushAt?: string;
  lastError?: { code: string; message: string; at: string; hint?: string };
  /** Files a conflict stopped on; empty when none. */
  conflict?: { files: string[]; at: string };
  /** What the last cycle left out, and why. */
  excluded?: Exclusion[];
  /** Chat entries held back or waiting after the last cycle (a state of the working tree). */
  held?: SyncNotice[];
  /** The last restorations, edits kept aside and commits not pushed as they were, newest last, each with its time. */
  restored?: Array<SyncNotice & { at: string }>;
}

/** How many past notices status.json keeps. */
export const KEPT_NOTICES = 20;

/**
 * The state with a cycle's notices: the standing ones (held, waiting) replace the previous ones; the
 * events are added to the last KEPT_NOTICES.
 *
 * @example recordNotices(state, outcome.notices, '2026-11-23T14:32:05.000Z').held
 */
export function recordNotices(state: SyncState, notices: readonly SyncNotice[], at: string): SyncState {
  const events = notices.filter((n) => !isStanding(n)).map((n) => ({ ...n, at }));
  const held = notices.filter(isStanding);
  const { held: _held, restored: previous = [], ...rest } = state;
  const restored = [...previous, ...events].slice(-KEPT_NOTICES);
  return { ...rest, ...(held.length > 0 ? { held } : {}), ...(restored.length > 0 ? { restored } : {}) };
}

const FILE = 'status.json';

/** Where a clone keeps its state: its `.git/ois` folder, through its files port (a `Repo` is one). */
export interface StateHome {
  stateDir: string;
  ports: { files: Files };
}

export async function readState(home: StateHome): Promise<SyncState> {
  const text = await home.ports.files.readIfExists(join(home.stateDir, FILE)).catch(() => undefined);
  if (!text) return {};
  try {
    return JSON.parse(text) as SyncState;
  } catch {
    // A torn write cannot happen (atomic rename), but a hand edit can: start afresh rather than fail.
    return {};
  }
}

export async function writeState(home: StateHome, state: SyncState): Promise<void> {
  await home.ports.files.writeAtomic(join(home.stateDir, FILE), `${JSON.stringify(state, null, 2)}\n`);
}

/** Read-modify-write of the state file. */
export async function updateState(home: StateHome, change: (state: SyncState) => SyncState): Promise<SyncState> {
  const next = change(await readState(home));
  await writeState(home, next);
  return next;
}
