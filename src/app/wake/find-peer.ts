import { join } from 'node:path';
import { objectExists } from '../../core/git/objects.js';
import { resolveCommit } from '../../core/git/refs.js';
import { parseRegistry } from '../../core/registry/parse.js';
import type { Agent } from '../../core/registry/types.js';
import type { Ports } from '../../ports/index.js';
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
 * @example const { agent } = await findPeer(io.cwd, 'bob', portsOf(io))
 */
export async function findPeer(dir: string, id: string, ports: Pick<Ports, 'files' | 'gitFor'>): Promise<FoundPeer> {
  const wanted = id.toLowerCase();
  const git = ports.gitFor(dir);
  const inRepo = await git.exec(resolveCommit('HEAD')).then((head) => head !== undefined, () => false);
  if (inRepo) {
    const { agents } = await registryInForce(git, 'HEAD');
    const found = agents.length > 0 || (await git.exec(objectExists('HEAD:AGENTS.md')).catch(() => false));
    return { agent: agents.find((candidate) => candidate.id.toLowerCase() === wanted), registryFound: found };
  }
  const text = await ports.files.readIfExists(join(dir, 'AGENTS.md'));
  if (text === undefined) return { agent: undefined, registryFound: false };
  const agent = parseRegistry(text).registry.agents.find((candidate) => candidate.id.toLowerCase() === wanted);
  return { agent, registryFound: true };
}
