import { join } from 'node:path';
import { readIfExists } from '../../adapters/files.js';
import { createGit } from '../../adapters/git.js';
import { parseRegistry } from '../../core/registry/parse.js';
import type { Agent } from '../../core/registry/types.js';
import { registryInForce } from '../in-force/registry.js';

export interface FoundPeer {
  /** The agent, when the registry lists `id`. */
  agent: Agent | undefined;
  /** Whether there is a registry at all. */
  registryFound: boolean;
}

/**
 * Looks `id` up (case-insensitive) in the registry in force: in a clone, the committed AGENTS.md at
 * HEAD, or its last version that passed lint (in-force/registry.ts: a pulled AGENTS.md that fails lint
 * never decides where a token goes); outside a repository, `dir/AGENTS.md` as it is. Agents whose
 * section is invalid, or clashes with another, are not listed (`ois lint` says why).
 *
 * @example const { agent } = await findPeer(io.cwd, 'bob')
 */
export async function findPeer(dir: string, id: string, env: Readonly<Record<string, string | undefined>> = {}): Promise<FoundPeer> {
  const wanted = id.toLowerCase();
  const git = createGit(dir, { env });
  const inRepo = await git.run(['rev-parse', '--verify', '-q', 'HEAD']).then(() => true, () => false);
  if (inRepo) {
    const { agents } = await registryInForce(git, 'HEAD');
    const found = agents.length > 0 || (await git.run(['cat-file', '-e', 'HEAD:AGENTS.md']).then(() => true, () => false));
    return { agent: agents.find((candidate) => candidate.id.toLowerCase() === wanted), registryFound: found };
  }
  const text = await readIfExists(join(dir, 'AGENTS.md'));
  if (text === undefined) return { agent: undefined, registryFound: false };
  const agent = parseRegistry(text).registry.agents.find((candidate) => candidate.id.toLowerCase() === wanted);
  return { agent, registryFound: true };
}
