import { isOisError } from '../../core/errors.js';
import type { Agent } from '../../core/registry/types.js';
import type { Repo } from '../clone/repo.js';
import { oisConfigDir } from '../secrets/config-dir.js';
import { createTrustStore } from '../secrets/trust.js';
import { movedPins, type MovedPin } from './moved.js';
import type { FileProblem } from './problem.js';
import { registryInForce } from './registry.js';

/** What `ois status` and `ois doctor` say about pulled files and pins. */
export interface PulledReport {
  /** The registry in force at HEAD. */
  agents: Agent[];
  /** ois.config.json and AGENTS.md versions that are not in force, and why. */
  problems: FileProblem[];
  /** Peers whose registry URL is not their pinned one. */
  moved: MovedPin[];
  /** Set when the trust file cannot be used (then no token is sent at all). */
  trustError?: { message: string; hint?: string };
}

/**
 * Reads what is in force in this clone (config, registry at HEAD) and which pins the registry
 * contradicts. Never throws for a bad trust file: it is reported.
 *
 * @example const { problems, moved } = await readPulledReport(repo, io.env)
 */
export async function readPulledReport(repo: Pick<Repo, 'git' | 'configProblem' | 'ports'>, env: Readonly<Record<string, string | undefined>>): Promise<PulledReport> {
  const registry = await registryInForce(repo.git, 'HEAD');
  const problems = [...(repo.configProblem ? [repo.configProblem] : []), ...(registry.problem ? [registry.problem] : [])];
  try {
    const moved = await movedPins(repo.git, registry.agents, createTrustStore(oisConfigDir({ ...repo.ports.system, env }), repo.ports));
    return { agents: registry.agents, problems, moved };
  } catch (error) {
    if (!isOisError(error)) throw error;
    return { agents: registry.agents, problems, moved: [], trustError: { message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
  }
}
