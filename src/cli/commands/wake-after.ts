import { portsOf } from '../../wiring/ports.js';
import { join } from 'node:path';
import { createLogger } from '../../adapters/log.js';
import { openRepo, requireIdentity } from '../../app/clone/repo.js';
import type { CycleOutcome } from '../../app/sync/cycle.js';
import type { WakeSummary } from '../../app/wake/start.js';
import type { CliIO } from '../io.js';

/**
 * After a cycle this process ran (`ois sync`, `ois say`, `ois task …` without a watcher): wake the peers
 * for what it pushed, waiting a bounded time, and print one line per outcome (none with --json).
 */
export async function wakeAfterSync(
  io: CliIO,
  outcome: CycleOutcome,
  json: boolean,
  format: 'text' | 'json',
  verbose: boolean,
): Promise<WakeSummary[]> {
  if (outcome.exchange.pushed === undefined && !outcome.exchange.queued?.length) return [];
  const repo = await openRepo(io.cwd, portsOf(io));
  // With --json, stdout carries only the JSON result; the events still go to .git/ois/ois.log.
  const log = createLogger({
    format,
    verbose,
    // Text: the sentence alone (the time and level matter in a long-running log, not here).
    write: json ? () => undefined : (line) => io.out(format === 'text' ? line.replace(/^\S+ \S+ +\S+ +/, '') : line),
    now: () => new Date(),
    file: join(repo.stateDir, 'ois.log'),
  });
  // Loaded only when this process pushed: the HTTP client and the chat parser take a while to load.
  const { wakeAfterOneShot } = await import('../../app/wake/start.js');
  return wakeAfterOneShot(repo, requireIdentity(repo), io.env, log, outcome);
}
