import type { Logger } from '../../adapters/log.js';
import type { Identity } from '../../core/identity.js';
import type { Repo } from '../clone/repo.js';
import { oisConfigDir } from '../secrets/config-dir.js';
import { createTokenStore } from '../secrets/tokens.js';
import { createReminders } from '../tasks/reminders.js';
import { startWakes } from '../wake/start.js';
import { createPulledWatch } from '../in-force/watch.js';
import { runDaemon } from './daemon.js';
import type { CycleDeps, CycleOutcome } from './cycle.js';

/**
 * The clone's watcher with everything `ois watch` plugs into it: wakes after each push (and the
 * catch-up), reports of pulled AGENTS.md / ois.config.json that are not in force, overdue-task
 * reminders, the cycles. Runs until `signal` aborts; throws LOCKED when
 * another watcher holds the clone. Used by `ois watch`, and by `ois web` when no watcher runs.
 *
 * @example await runWatcher(repo, identity, io.env, log, cycleDepsWithGate(systemCycleDeps()), io.signal)
 */
export async function runWatcher(
  repo: Repo,
  identity: Identity,
  env: Readonly<Record<string, string | undefined>>,
  log: Logger,
  cycle: CycleDeps,
  signal: AbortSignal,
): Promise<void> {
  const wakes = await startWakes(repo, identity, env, log, { catchUp: true });
  const pulled = createPulledWatch(repo, log, env);
  const afterCycle = async (outcome: CycleOutcome): Promise<void> => {
    await wakes.queueWakes(outcome);
    await pulled.afterCycle(outcome);
  };
  await pulled.afterCycle();
  // Overdue-task reminders for this agent, checked at most once a minute when the clone is idle.
  const client = repo.ports.gatewayClient();
  const reminders = createReminders({ repo, identity, client, tokens: createTokenStore(oisConfigDir({ ...repo.ports.system, env }), repo.ports), env, log });
  try {
    const idle = async (yieldNow: () => boolean): Promise<void> => {
      await wakes.housekeeping(yieldNow);
      if (!yieldNow()) reminders.kick();
    };
    await runDaemon(repo, identity, { ...cycle, log, afterCycle, idle }, signal);
  } finally {
    await wakes.close();
    await client.close();
  }
}
