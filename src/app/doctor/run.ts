import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createGatewayClient } from '../../adapters/gateway.js';
import { readIfExists } from '../../adapters/files.js';
import { askWatcher } from '../../adapters/lock.js';
import { isOisError } from '../../core/errors.js';
import { lintRegistryText, type LintResult } from '../../core/registry/lint/index.js';
import { parseRegistry } from '../../core/registry/parse.js';
import type { Agent } from '../../core/registry/types.js';
import { readLogTail } from '../log-tail.js';
import { openRepo, type Repo } from '../repo.js';
import { oisConfigDir } from '../secrets/config-dir.js';
import { createTokenStore } from '../secrets/tokens.js';
import { createTrustStore } from '../secrets/trust.js';
import { readState } from '../state.js';
import { countUnpushed } from '../status.js';
import { checkGitVersion } from './git-version.js';
import { probeHooks, judgeHooks } from './hooks.js';
import { judgeIdentity } from './identity.js';
import { judgeMergeDriver, readMergeDriver } from './merge-driver.js';
import { checkPeer, wakeablePeers } from './peers.js';
import { judgeRegistered, judgeRegistry } from './registry.js';
import { judgeRemote, probeRemote } from './remote.js';
import { fail, summarize, type CheckResult } from './types.js';
import { judgeUnpushed } from './unpushed.js';
import { lastWakes } from './wake-tool.js';
import { judgeWatcher } from './watcher.js';
import { openclawChecks } from './openclaw.js';

/** What `ois doctor --json` prints (version 1; docs/operate.md documents it). */
export interface DoctorReport {
  version: 1;
  top?: string;
  ok: boolean;
  counts: { ok: number; warn: number; fail: number };
  checks: CheckResult[];
}

/** How many wake events of the log are read to learn whether peers' wake tools work. */
const WAKE_HISTORY = 2_000;

/**
 * Runs every check of this clone. Probes that wait on the network (remote, each peer's Gateway) run
 * concurrently, each bounded by its own timeout. Never throws for what it checks: a problem is a `fail`.
 */
export async function runDoctor(cwd: string, env: Readonly<Record<string, string | undefined>>, now: Date): Promise<DoctorReport> {
  const gitVersion = checkGitVersion(env);
  let repo: Repo;
  try {
    repo = await openRepo(cwd, env);
  } catch (error) {
    if (!isOisError(error)) throw error;
    const checks = [await gitVersion, fail('repository', 'team repository', error.message, error.hint ?? 'Run ois in a clone of the team repository.')];
    return report(undefined, checks);
  }
  const registry = await readRegistry(repo.top);
  const self = registry.agents.find((a) => a.id.toLowerCase() === repo.identity?.id.toLowerCase());
  const [first, remote, local, peers, openclaw] = await Promise.all([
    Promise.all([gitVersion, Promise.resolve(judgeIdentity(repo.identity))]),
    probeRemote(repo.git, repo.config.branch).then(judgeRemote),
    localChecks(repo, registry, now),
    peerChecks(repo, registry.agents, env),
    openclawChecks(repo, self, env, createTokenStore(oisConfigDir(env))),
  ]);
  return report(repo.top, [...first, ...remote, ...local.before, ...openclaw, ...peers, ...local.after]);
}

async function localChecks(repo: Repo, registry: RegistryFacts, now: Date): Promise<{ before: CheckResult[]; after: CheckResult[] }> {
  const [driver, hooks, reply, unpushed, state] = await Promise.all([
    readMergeDriver(repo.git),
    probeHooks(repo.git, repo.gitDir),
    askWatcher(repo.gitDir, 'ping', 1_000),
    countUnpushed(repo, now),
    readState(repo.stateDir),
  ]);
  const registered = judgeRegistered(repo.identity, registry.agents);
  return {
    before: [
      judgeMergeDriver(driver.current, driver.wanted, existsSync),
      judgeHooks(hooks),
      judgeRegistry(registry.text, registry.lint, registry.agents.length),
      ...(registered ? [registered] : []),
    ],
    after: [judgeWatcher(reply), judgeUnpushed(unpushed.commits, unpushed.oldestAgeSeconds, state.lastError)],
  };
}

async function peerChecks(repo: Repo, agents: readonly Agent[], env: Readonly<Record<string, string | undefined>>): Promise<CheckResult[]> {
  const peers = wakeablePeers(agents, repo.identity?.id, repo.config.wake);
  if (peers.length === 0) return [];
  const configDir = oisConfigDir(env);
  const client = createGatewayClient({ connectTimeoutMs: 3_000, timeoutMs: 5_000 });
  try {
    const deps = {
      env,
      tokens: createTokenStore(configDir),
      trust: createTrustStore(configDir),
      client,
      lastWakes: lastWakes(await readLogTail(repo.stateDir, WAKE_HISTORY, 512 * 1024).catch(() => [])),
    };
    const results = await Promise.all(peers.map((peer) => checkPeer(peer, deps).catch((error: unknown) => [peerError(peer, error)])));
    return results.flat();
  } finally {
    await client.close();
  }
}

function peerError(peer: Agent, error: unknown): CheckResult {
  const message = isOisError(error) ? error.message : 'the check failed unexpectedly';
  const hint = isOisError(error) && error.hint ? error.hint : 'Run `ois doctor` again; report the problem if it persists.';
  return { ...fail(`peer:${peer.id}`, `checks of ${peer.id}`, message, hint), peer: peer.id };
}

interface RegistryFacts {
  text?: string;
  lint?: LintResult;
  agents: Agent[];
}

async function readRegistry(top: string): Promise<RegistryFacts> {
  const text = await readIfExists(join(top, 'AGENTS.md')).catch(() => undefined);
  if (text === undefined) return { agents: [] };
  const lint = lintRegistryText(text);
  try {
    return { text, lint, agents: parseRegistry(text).registry.agents };
  } catch {
    return { text, lint, agents: [] };
  }
}

function report(top: string | undefined, checks: CheckResult[]): DoctorReport {
  const counts = summarize(checks);
  return { version: 1, ...(top === undefined ? {} : { top }), ok: counts.fail === 0, counts, checks };
}
