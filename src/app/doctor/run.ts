import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createGatewayClient } from '../../adapters/gateway.js';
import { readIfExists } from '../../adapters/files.js';
import { askWatcher } from '../../adapters/lock.js';
import { isOisError } from '../../core/errors.js';
import { lintRegistryText, type LintResult } from '../../core/registry/lint/index.js';
import type { Agent } from '../../core/registry/types.js';
import { readPulledReport, type PulledReport } from '../in-force/report.js';
import { judgeInForce, judgeLeastPrivilege, judgeTrustFile } from './pulled.js';
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
  const pulled = await readPulledReport(repo, env);
  const registry = await readRegistry(repo.top, pulled);
  const [first, remote, local, peers] = await Promise.all([
    Promise.all([gitVersion, Promise.resolve(judgeIdentity(repo.identity))]),
    probeRemote(repo.git, repo.config.branch).then(judgeRemote),
    localChecks(repo, registry, now),
    peerChecks(repo, pulled, env),
  ]);
  const inForce = [judgeInForce('ois.config.json', repo.configProblem), judgeInForce('AGENTS.md', pulled.problems.find((p) => p.file === 'AGENTS.md'))];
  const trustFile = judgeTrustFile(pulled.trustError);
  return report(repo.top, [...first, ...remote, ...local.before, ...inForce, ...(trustFile ? [trustFile] : []), ...peers, ...local.after]);
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

async function peerChecks(repo: Repo, pulled: PulledReport, env: Readonly<Record<string, string | undefined>>): Promise<CheckResult[]> {
  const peers = wakeablePeers(pulled.agents, repo.identity?.id, repo.config.wake);
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
      moved: new Map(pulled.moved.map((m) => [m.peer.toLowerCase(), m])),
    };
    const results = await Promise.all(peers.map((peer) => checkPeer(peer, deps).catch((error: unknown) => [peerError(peer, error)])));
    const operatorTokens = results.flat().filter((c) => c.id.startsWith('token:') && c.verdict === 'ok' && peers.find((p) => p.id === c.peer)?.wake === 'invoke').map((c) => c.peer ?? '');
    return [...results.flat(), judgeLeastPrivilege({ operatorTokens })];
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

/** AGENTS.md as it is in the working tree (linted), and the agents in force (committed, last valid). */
async function readRegistry(top: string, pulled: PulledReport): Promise<RegistryFacts> {
  const text = await readIfExists(join(top, 'AGENTS.md')).catch(() => undefined);
  if (text === undefined) return { agents: pulled.agents };
  return { text, lint: lintRegistryText(text), agents: pulled.agents };
}

function report(top: string | undefined, checks: CheckResult[]): DoctorReport {
  const counts = summarize(checks);
  return { version: 1, ...(top === undefined ? {} : { top }), ok: counts.fail === 0, counts, checks };
}
