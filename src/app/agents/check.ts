import type { Agent } from '../../core/registry/types.js';
import { checkPeers } from '../doctor/check-peers.js';
import type { CheckResult, Verdict } from '../doctor/types.js';
import { openRepo } from '../clone/repo.js';
import type { Ports } from '../../ports/index.js';

/** One agent's line of `ois agents --check`. */
export interface AgentCheck {
  id: string;
  /** `self`: this clone's own agent (not probed); otherwise the worst verdict of its checks. */
  verdict: Verdict | 'self';
  /** One sentence: the worst check's finding, or the Gateway's when all are ok. */
  summary: string;
  /** token, trust, Gateway probe and wake tool (the doctor's per-peer checks). */
  checks: CheckResult[];
}

const RANK: Record<Verdict, number> = { ok: 0, warn: 1, fail: 2 };

/**
 * Probes every agent of the registry but this clone's own (when `dir` is a clone with an ois id) the
 * way `ois doctor` probes peers: reachable, token accepted (only to a pinned URL, in calls that
 * deliver nothing), wake tool allowed as far as can be known without delivering. Tokens and pins come
 * from this machine; past wakes from the clone's log.
 *
 * @example const checks = await checkAgents(agents, repoDir, portsOf(io))
 */
export async function checkAgents(agents: readonly Agent[], dir: string, ports: Ports): Promise<AgentCheck[]> {
  const { env } = ports.system;
  const repo = await openRepo(dir, ports).catch(() => undefined);
  const self = repo?.identity?.id.toLowerCase();
  const peers = agents.filter((agent) => agent.id.toLowerCase() !== self);
  const results = await checkPeers(peers, { env, ...(repo ? { stateDir: repo.stateDir, files: repo.ports.files } : {}) });
  const byId = new Map(peers.map((peer, i) => [peer.id, results[i] ?? []]));
  return agents.map((agent) => {
    const checks = byId.get(agent.id);
    if (checks === undefined) return { id: agent.id, verdict: 'self', summary: 'this clone (not probed)', checks: [] };
    return { id: agent.id, ...summarizeChecks(checks), checks };
  });
}

/** Pure: the worst verdict of `checks` and the sentence that goes with it. */
export function summarizeChecks(checks: readonly CheckResult[]): { verdict: Verdict; summary: string } {
  const worst = checks.reduce<CheckResult | undefined>((found, check) => (found === undefined || RANK[check.verdict] > RANK[found.verdict] ? check : found), undefined);
  if (worst === undefined) return { verdict: 'ok', summary: 'nothing to check' };
  if (worst.verdict === 'ok') return { verdict: 'ok', summary: checks.find((c) => c.id.startsWith('gateway:'))?.detail ?? worst.detail };
  return { verdict: worst.verdict, summary: worst.detail };
}
