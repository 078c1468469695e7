import { join } from 'node:path';
import { isOisError } from '../../core/errors.js';
import type { Files, Ports } from '../../ports/index.js';
import { lintRegistryText, type LintResult } from '../../core/registry/lint/index.js';
import { parseRegistry } from '../../core/registry/parse.js';
import type { Agent, Human } from '../../core/registry/types.js';
import { readPulledReport, type PulledReport } from '../in-force/report.js';
import { judgeInForce, judgeLeastPrivilege, judgeTrustFile } from './pulled.js';
import { openRepo, type Repo } from '../clone/repo.js';
import { readState } from '../clone/state.js';
import { countUnpushed } from '../clone/status.js';
import { redactUrls } from '../../core/redact.js';
import { judgeChat } from './chat.js';
import { checkGitVersion } from './git-version.js';
import { judgeIdentity } from './identity.js';
import { checkPeers } from './check-peers.js';
import { wakeablePeers } from './peers.js';
import { judgeRegistered, judgeRegistry, type JoinFacts } from './registry.js';
import { judgeRemote, probeRemote, type RemoteFacts } from './remote.js';
import { repairHooksCheck, repairMergeDriverCheck, repairServiceCheck } from './repair.js';
import { fail, summarize, type CheckResult } from './types.js';
import { judgeUnpushed } from './unpushed.js';
import { judgeWatcher } from './watcher.js';
import { openclawChecks } from './openclaw.js';
import { oisConfigDir } from '../secrets/config-dir.js';
import { createTokenStore } from '../secrets/tokens.js';

/** What `ois doctor --json` prints (version 1; docs/operate.md documents it). */
export interface DoctorReport {
  version: 1;
  top?: string;
  ok: boolean;
  counts: { ok: number; warn: number; fail: number };
  checks: CheckResult[];
}

/**
 * Runs every check of this clone. Probes that wait on the network (remote, each peer's Gateway) run
 * concurrently, each bounded by its own timeout. Never throws for what it checks: a problem is a `fail`.
 * Every side effect goes through `ports` (and the clone's `repo.ports`, the same).
 */
export async function runDoctor(cwd: string, ports: Ports, now: Date): Promise<DoctorReport> {
  const env = ports.system.env;
  const gitVersion = checkGitVersion(ports);
  let repo: Repo;
  try {
    repo = await openRepo(cwd, ports);
  } catch (error) {
    if (!isOisError(error)) throw error;
    const checks = [await gitVersion, fail('repository', 'team repository', error.message, error.hint ?? 'Run ois in a clone of the team repository.')];
    return report(undefined, checks);
  }
  const pulled = await readPulledReport(repo, env);
  const registry = await readRegistry(ports.files, repo.top, pulled);
  const self = registry.agents.find((a) => a.id.toLowerCase() === repo.identity?.id.toLowerCase());
  const [first, remote, local, peers, openclaw] = await Promise.all([
    Promise.all([gitVersion, Promise.resolve(judgeIdentity(repo.identity))]),
    probeRemote(repo.git, repo.config.branch),
    localChecks(repo, registry, now),
    peerChecks(repo, pulled),
    openclawChecks(repo, self, createTokenStore(oisConfigDir(ports.system), ports)),
  ]);
  const registered = judgeRegistered(repo.identity, registry.agents, joinFacts(remote, repo.identity?.id), registry.humans);
  const inForce = [judgeInForce('ois.config.json', repo.configProblem), judgeInForce('AGENTS.md', pulled.problems.find((p) => p.file === 'AGENTS.md'))];
  const trustFile = judgeTrustFile(pulled.trustError);
  return report(repo.top, [
    ...first,
    ...judgeRemote(remote),
    ...local.before,
    ...(registered ? [registered] : []),
    ...inForce,
    ...(trustFile ? [trustFile] : []),
    ...openclaw,
    ...peers,
    ...local.after,
  ]);
}

/** Whether the remote has this agent's onboarding branch (unknown when the remote did not answer). */
function joinFacts(remote: RemoteFacts, id: string | undefined): JoinFacts | undefined {
  if (id === undefined || remote.url === undefined || remote.lsRemote?.ok !== true) return undefined;
  return { pending: remote.lsRemote.heads?.includes(`join/${id}`) ?? false, remote: redactUrls(remote.url) };
}

async function localChecks(repo: Repo, registry: RegistryFacts, now: Date): Promise<{ before: CheckResult[]; after: CheckResult[] }> {
  const { ports } = repo;
  // The two repairs write the clone's config and hooks folder: one after the other.
  const driver = await repairMergeDriverCheck(repo.git, ports);
  const [hooks, service, reply, unpushed, state] = await Promise.all([
    repairHooksCheck(repo.git, ports, repo.gitDir, repo.top),
    repairServiceCheck(repo, ports),
    ports.locks.askClone(repo.gitDir, 'ping', 1_000),
    countUnpushed(repo, now),
    readState(repo),
  ]);
  return {
    before: [driver, hooks, judgeRegistry(registry.text, registry.lint, registry.agents.length)],
    after: [judgeWatcher(reply), ...(service ? [service] : []), judgeUnpushed(unpushed.commits, unpushed.oldestAgeSeconds, state.lastError), judgeChat(state, now)],
  };
}

async function peerChecks(repo: Repo, pulled: PulledReport): Promise<CheckResult[]> {
  const peers = wakeablePeers(pulled.agents, repo.identity?.id, repo.config.wake);
  if (peers.length === 0) return [];
  const results = (await checkPeers(peers, repo.ports, { stateDir: repo.stateDir, moved: pulled.moved })).flat();
  const operatorTokens = results.filter((c) => c.id.startsWith('token:') && c.verdict === 'ok' && peers.find((p) => p.id === c.peer)?.wake === 'invoke').map((c) => c.peer ?? '');
  return [...results, judgeLeastPrivilege({ operatorTokens })];
}

interface RegistryFacts {
  text?: string;
  lint?: LintResult;
  agents: Agent[];
  humans: Human[];
}

/** AGENTS.md as it is in the working tree (linted), and the agents in force (committed, last valid). */
async function readRegistry(files: Files, top: string, pulled: PulledReport): Promise<RegistryFacts> {
  const text = await files.readIfExists(join(top, 'AGENTS.md')).catch(() => undefined);
  if (text === undefined) return { agents: pulled.agents, humans: [] };
  const lint = lintRegistryText(text);
  // The people (Kind: human) as the work tree lists them: a person's own clone is registered too.
  const humans = lint.diagnostics.some((d) => d.ruleId === 'file-size') ? [] : parseRegistry(text).registry.humans;
  return { text, lint, agents: pulled.agents, humans };
}

function report(top: string | undefined, checks: CheckResult[]): DoctorReport {
  const counts = summarize(checks);
  return { version: 1, ...(top === undefined ? {} : { top }), ok: counts.fail === 0, counts, checks };
}
