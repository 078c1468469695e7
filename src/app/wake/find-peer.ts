import { join } from 'node:path';
import { readIfExists } from '../../adapters/files.js';
import { parseRegistry } from '../../core/registry/parse.js';
import type { Agent } from '../../core/registry/types.js';

export interface FoundPeer {
  /** The agent, when AGENTS.md exists and lists `id`. */
  agent: Agent | undefined;
  /** Whether `dir/AGENTS.md` exists. */
  registryFound: boolean;
}

/**
 * Looks `id` up in `dir/AGENTS.md` (case-insensitive). Agents whose section is invalid are not listed
 * (`ois lint` says why).
 *
 * @example const { agent } = await findPeer(io.cwd, 'bob')
 */
export async function findPeer(dir: string, id: string): Promise<FoundPeer> {
  const text = await readIfExists(join(dir, 'AGENTS.md'));
  if (text === undefined) return { agent: undefined, registryFound: false };
  const wanted = id.toLowerCase();
  const agent = parseRegistry(text).registry.agents.find((candidate) => candidate.id.toLowerCase() === wanted);
  return { agent, registryFound: true };
}
