import type { Member } from '../chatlog/types.js';
import type { Registry } from './types.js';

/**
 * Every member as mentions see them: the agents, then the humans (`Kind: human`). Mentions of a
 * human resolve (for `ois log --mentions`, the task board, the room's highlights) but wake nobody:
 * the wake code reads `registry.agents` only.
 *
 * @example registryMembers(parseRegistry(text).registry) // [{ id: 'aria', name: 'ARIA' }, { id: 'mia', name: 'Mia' }]
 */
export function registryMembers(registry: Registry): Member[] {
  return [...registry.agents, ...registry.humans].map((member) => ({ id: member.id, name: member.name }));
}
