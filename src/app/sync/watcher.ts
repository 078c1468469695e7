import type { Logger } from '../../adapters/log.js';
import { changedKeys } from '../../core/config/changes.js';
import { OisError } from '../../core/errors.js';
import type { Identity } from '../../core/identity.js';
import { join } from 'node:path';
import { CONFIG_FILE, openRepo, type Repo } from '../clone/repo.js';
import { oisConfigDir } from '../secrets/config-dir.js';
import { createTokenStore } from '../secrets/tokens.js';
import { createReminders } from '../tasks/reminders.js';
import { startWakes } from '../wake/start.js';
import { createPulledWatch } from '../in-force/watch.js';
import { runDaemon } from './daemon.js';
import type { CycleDeps, CycleOutcome } from './cycle.js';
import type { Pushed } from './exchange.js';
import { preloadSyncModules } from './preload.js';

/**
 * The clone's watcher with everything `ois watch` plugs into it: wakes after each push (and the
 * catch-up), reports of pulled AGENTS.md / ois.config.json that are not in force, overdue-task
 * reminders, the cycles. Runs until `signal` aborts; throws LOCKED when
 * another watcher holds the clone. Used by `ois watch`, and by `ois web` when no watcher runs.
 *
 * When a cycle brings in (or commits) a change of `ois.config.json` that changes the config in force, the
 * watcher restarts itself on the new config: it finishes the cycle, lets the wakes in flight settle
 * (at most RELOAD_DRAIN_MS), reopens the clone and runs on (a `config-reloaded` event). A change that
 * fails validation changes nothing: the last valid version stays in force (in-force/config.ts).
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
  let current = repo;
  let reloaded = false;
  while (!signal.aborted) {
    const next = await (reloaded ? retakeAfterReload : watchWithConfig)(current, { identity, env, log, cycle }, signal);
    if (next === undefined) return;
    reloaded = true;
    log.log({ level: 'info', event: 'config-reloaded', message: `ois.config.json changed: the watcher runs on with the config now in force (${changedKeys(current.config, next.config).join(', ')})` });
    current = next;
  }
}

/** What stays the same across reloads: who writes, the environment (tokens), the log, the cycle's deps. */
interface WatcherSetup {
  identity: Identity;
  env: Readonly<Record<string, string | undefined>>;
  log: Logger;
  cycle: CycleDeps;
}

/**
 * A reload lets the clone lock go for a moment; another command that took it then (`ois sync`, `ois say`)
 * is done within seconds: the watcher takes it back, trying for RELOAD_LOCK_TRIES × RELOAD_LOCK_WAIT_MS.
 */
async function retakeAfterReload(repo: Repo, setup: WatcherSetup, signal: AbortSignal): Promise<Repo | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await watchWithConfig(repo, setup, signal);
    } catch (error) {
      if (!(error instanceof OisError && error.code === 'LOCKED') || attempt >= RELOAD_LOCK_TRIES || signal.aborted) throw error;
      await repo.ports.clock.sleep(RELOAD_LOCK_WAIT_MS, signal);
      if (signal.aborted) return undefined;
    }
  }
}

const RELOAD_LOCK_TRIES = 20;
const RELOAD_LOCK_WAIT_MS = 500;

/** How long a reload waits for the wakes in flight before it reopens the clone. */
const RELOAD_DRAIN_MS = 10_000;

/** One run of the watcher on one config; resolves with the reopened clone when the config in force changed, undefined on abort. */
async function watchWithConfig(repo: Repo, setup: WatcherSetup, signal: AbortSignal): Promise<Repo | undefined> {
  const { identity, env, log, cycle } = setup;
  const run = new AbortController();
  const stop = (): void => run.abort();
  signal.addEventListener('abort', stop, { once: true });
  const config = configWatch(repo);
  let reopened: Repo | undefined;
  const wakes = await startWakes(repo, identity, env, log, { catchUp: true });
  const pulled = createPulledWatch(repo, log, env);
  const afterCycle = async (outcome: CycleOutcome): Promise<void> => {
    await wakes.queueWakes(outcome);
    await pulled.afterCycle(outcome);
    const next = await config.changed(outcome);
    if (next !== undefined && !run.signal.aborted) {
      reopened = next;
      run.abort();
    }
  };
  await pulled.afterCycle();
  // Overdue-task reminders for this agent, checked at most once a minute when the clone is idle.
  const client = repo.ports.gatewayClient();
  const reminders = createReminders({ repo, identity, client, tokens: createTokenStore(oisConfigDir({ ...repo.ports.system, env }), repo.ports), env, log });
  try {
    let preloaded = false;
    const idle = async (yieldNow: () => boolean): Promise<void> => {
      if (!preloaded) {
        preloaded = true;
        await Promise.all([preloadSyncModules(), wakes.warm()]);
      }
      await wakes.housekeeping(yieldNow);
      if (!yieldNow()) reminders.kick();
    };
    // A rejected push that went out as a queue ref: its peers are woken now, not when it reaches the branch.
    const onQueued = (range: Pushed): void => void wakes.wakeForQueued(range);
    await runDaemon(repo, identity, { ...cycle, log, afterCycle, idle, onQueued }, run.signal);
    if (reopened !== undefined && !signal.aborted) await wakes.drain(RELOAD_DRAIN_MS);
  } finally {
    signal.removeEventListener('abort', stop);
    await wakes.close();
    await client.close();
  }
  return signal.aborted ? undefined : reopened;
}

/**
 * Notices a change of the config in force: after a cycle that pulled commits or committed
 * ois.config.json, when the file's text differs from the one the watcher started with, the clone is
 * reopened (which validates it, keeping the last valid version in force) and compared.
 */
function configWatch(repo: Repo): { changed(outcome: CycleOutcome): Promise<Repo | undefined> } {
  const path = join(repo.top, CONFIG_FILE);
  const startText = repo.ports.files.readIfExists(path).catch(() => undefined);
  let seen: string | undefined;
  return {
    async changed(outcome) {
      if (outcome.exchange.pulled === 0 && !outcome.commit.files.includes(CONFIG_FILE)) return undefined;
      const text = await repo.ports.files.readIfExists(path).catch(() => undefined);
      if (text === (seen ?? (await startText))) return undefined;
      seen = text;
      const next = await openRepo(repo.top, repo.ports).catch(() => undefined);
      return next !== undefined && changedKeys(repo.config, next.config).length > 0 ? next : undefined;
    },
  };
}
