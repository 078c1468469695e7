import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readIfExists, writeAtomic } from '../../adapters/files.js';

/** Written before ois starts a multi-step git operation, removed after: tells recovery who started it. */
export interface Operation {
  kind: 'rebase';
  backupRef: string;
  at: string;
}

const FILE = 'operation.json';

export async function readOperation(stateDir: string): Promise<Operation | undefined> {
  const text = await readIfExists(join(stateDir, FILE));
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Operation;
  } catch {
    return undefined;
  }
}

export async function writeOperation(stateDir: string, operation: Operation): Promise<void> {
  await writeAtomic(join(stateDir, FILE), JSON.stringify(operation));
}

export async function clearOperation(stateDir: string): Promise<void> {
  await rm(join(stateDir, FILE), { force: true });
}
