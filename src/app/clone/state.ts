import { join } from 'node:path';
import { readIfExists, writeAtomic } from '../../adapters/files.js';
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

export async function readState(stateDir: string): Promise<SyncState> {
  const text = await readIfExists(join(stateDir, FILE)).catch(() => undefined);
  if (!text) return {};
  try {
    return JSON.parse(text) as SyncState;
  } catch {
    // A torn write cannot happen (atomic rename), but a hand edit can: start afresh rather than fail.
    return {};
  }
}

export async function writeState(stateDir: string, state: SyncState): Promise<void> {
  await writeAtomic(join(stateDir, FILE), `${JSON.stringify(state, null, 2)}\n`);
}

/** Read-modify-write of the state file. */
export async function updateState(stateDir: string, change: (state: SyncState) => SyncState): Promise<SyncState> {
  const next = change(await readState(stateDir));
  await writeState(stateDir, next);
  return next;
}
