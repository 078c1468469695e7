import { join } from 'node:path';
import { readIfExists, writeAtomic } from '../adapters/files.js';
import type { Exclusion } from '../core/sync/filter.js';

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
