import type { Logger } from '../../ports/index.js';
import type { Identity } from '../../core/identity.js';
import type { Repo } from '../clone/repo.js';
import { oisConfigDir } from '../secrets/config-dir.js';
import { createTokenStore } from '../secrets/tokens.js';
import { createTrustStore } from '../secrets/trust.js';
import type { CycleOutcome } from '../sync/cycle.js';
import { createAfterPush, type AfterPush, type WakeSummary } from './after-push.js';

export type { WakeSummary } from './after-push.js';

/**
 * The wake machinery of one process with a Gateway client from the repo's ports and this user's token
 * and trust files.
 * `close` cancels what is still running, records it and drops the connections.
 *
 * @example
 * const wakes = await startWakes(repo, identity, io.env, log, { catchUp: true });
 * await runDaemon(repo, identity, { ...deps, afterCycle: wakes.queueWakes, idle: () => wakes.housekeeping() }, signal);
 * await wakes.close();
 */
export async function startWakes(
  repo: Repo,
  identity: Identity,
  env: Readonly<Record<string, string | undefined>>,
  log: Logger,
  options: { catchUp: boolean },
): Promise<AfterPush & { warm(): Promise<void> }> {
  const configDir = oisConfigDir({ ...repo.ports.system, env });
  const client = repo.ports.gatewayClient();
  const wakes = await createAfterPush({
    repo,
    identity,
    log,
    client,
    tokens: createTokenStore(configDir, repo.ports),
    trust: createTrustStore(configDir, repo.ports),
    env,
    catchUp: options.catchUp ? {} : false,
  });
  return {
    ...wakes,
    summaries: wakes.summaries,
    /** Loads the Gateway client's HTTP library ahead of the first wake (GatewayClient.warm). */
    warm: () => client.warm(),
    close: async () => {
      await wakes.close();
      await client.close();
    },
  };
}

/** Default bound of a one-shot command's wait for its wakes (`ois sync`). */
export const ONE_SHOT_WAKE_TIMEOUT_MS = 10_000;

/**
 * After a one-shot sync: wakes the peers for what it pushed, waits for them at most `timeoutMs`
 * (so that the process exits), records the outcomes in the wake notes and pushes them.
 */
export async function wakeAfterOneShot(
  repo: Repo,
  identity: Identity,
  env: Readonly<Record<string, string | undefined>>,
  log: Logger,
  outcome: CycleOutcome,
  timeoutMs = ONE_SHOT_WAKE_TIMEOUT_MS,
): Promise<WakeSummary[]> {
  if (outcome.exchange.pushed === undefined && !outcome.exchange.queued?.length) return [];
  const wakes = await startWakes(repo, identity, env, log, { catchUp: false });
  try {
    // What was queued (a rejected push that went out as a queue ref), then what reached the branch after it.
    const queued = await wakes.queueWakes(outcome);
    if (queued.length > 0) {
      const drained = await wakes.drain(timeoutMs);
      if (!drained.idle) {
        log.log({ level: 'warn', event: 'wake', message: `gave up waiting for ${drained.busy.join(', ')} after ${Math.round(timeoutMs / 1000)} s; the wake may still arrive, and a peer that missed it catches up from its own watcher` });
      }
    }
    return [...wakes.summaries];
  } finally {
    await wakes.close();
  }
}
