import { join } from 'node:path';
import { OisError } from '../../core/errors.js';
import type { Identity } from '../../core/identity.js';
import { parseRegistry } from '../../core/registry/parse.js';
import type { Human } from '../../core/registry/types.js';
import type { Files } from '../../ports/index.js';
import type { Repo } from '../clone/repo.js';

/** Who posts from the room, and where that was decided. */
export interface RoomHuman {
  identity: Identity;
  /** `--as`, the clone's `ois.human`, or the clone's own identity (a person's own clone). */
  source: 'option' | 'config' | 'clone';
}

/**
 * The person the room posts as: `--as ID`, else `git config ois.human`, else the clone's own `ois.id`
 * when that is a `Kind: human` member (a person's own clone). Undefined when none is set (the room
 * is then read-only). Throws NOT_A_HUMAN when the id chosen is not a human member of AGENTS.md.
 *
 * @example await resolveHuman(repo, 'mia') // { identity: { id: 'mia', name: 'Mia' }, source: 'option' }
 */
export async function resolveHuman(repo: Repo, as: string | undefined): Promise<RoomHuman | undefined> {
  const humans = await readHumans(repo.ports.files, repo.top);
  const chosen = as ?? repo.settings.human;
  if (chosen === undefined) {
    const own = repo.identity && humans.find((h) => h.id === repo.identity?.id.toLowerCase());
    return own ? { identity: { id: own.id, name: own.name }, source: 'clone' } : undefined;
  }
  const human = humans.find((h) => h.id === chosen.trim().toLowerCase());
  if (human === undefined) {
    const known = humans.map((h) => h.id).join(', ');
    throw new OisError('NOT_A_HUMAN', `"${chosen}" is not a human member of AGENTS.md`, {
      hint: known
        ? `Human members here: ${known}. Run \`ois web --as ID\` with one of them.`
        : 'Add a section for the person to AGENTS.md with `- Kind: human` (docs/agents-format.md), or run `ois web` without --as for a read-only room.',
    });
  }
  return { identity: { id: human.id, name: human.name }, source: as === undefined ? 'config' : 'option' };
}

/** The human members of the clone's AGENTS.md (none when it is missing or broken). */
export async function readHumans(files: Files, top: string): Promise<Human[]> {
  const text = await files.readIfExists(join(top, 'AGENTS.md')).catch(() => undefined);
  if (text === undefined) return [];
  try {
    return parseRegistry(text).registry.humans;
  } catch {
    return [];
  }
}
