import type { ChatEntry, Mentions } from '../chatlog/types.js';
import type { WakePolicy } from '../config/team.js';
import type { Agent } from '../registry/types.js';
import { isNoWake } from './no-wake.js';

/**
 * What the wake core needs of a chat entry: its heading, body, author and resolved mentions, and the
 * day of the file it is in (`2026-11-23`), for entries without ois's exact time.
 */
export type WakeEntry = Pick<ChatEntry, 'time' | 'name' | 'body'> &
  Partial<Pick<ChatEntry, 'id' | 'at' | 'author'>> & { mentions: Mentions; day?: string };

/** Why one peer is woken: the entries it should read, and shared files that changed. */
export interface PeerWake {
  entries: WakeEntry[];
  /** Paths under `shared/` added or changed (only when the policy wakes for shared files). */
  sharedFiles: string[];
}

export interface ChoosePeersInput {
  /** New entries the push carried, oldest first. */
  entries: readonly WakeEntry[];
  /** Paths under `shared/` the push added or changed. */
  changedSharedFiles: readonly string[];
  agents: readonly Agent[];
  /** This agent's ois id: never woken. */
  self: string;
  policy: Pick<WakePolicy, 'mode' | 'sharedFiles'>;
}

/**
 * Chooses whom to wake after a push, in registry order. `mentions`: the peers an entry mentions,
 * everyone for `@all`; `all`: every peer for any entry; `none`: nobody. With `sharedFiles`, a change
 * under `shared/` wakes everyone. Never `self`, and never an entry's own author for that entry. An
 * entry marked `[AUTO]` (`ois say --no-wake`) wakes nobody.
 *
 * @example
 * choosePeers({ entries: [{ time: '10:00', name: 'Aria', body: '@bob review?', author: 'aria',
 *   mentions: { ids: ['bob'], all: false } }], changedSharedFiles: [], agents, self: 'aria',
 *   policy: { mode: 'mentions', sharedFiles: false } })
 * // Map { 'bob' => { entries: [that entry], sharedFiles: [] } }
 */
export function choosePeers(input: ChoosePeersInput): Map<string, PeerWake> {
  const self = input.self.toLowerCase();
  const wakes = new Map<string, PeerWake>();
  if (input.policy.mode === 'none') return wakes;
  const peers = input.agents.filter((agent) => agent.id.toLowerCase() !== self);
  const sharedFiles = input.policy.sharedFiles ? [...input.changedSharedFiles] : [];
  for (const peer of peers) {
    const id = peer.id.toLowerCase();
    const entries = input.entries.filter(
      (entry) => entry.author?.toLowerCase() !== id && !isNoWake(entry.body) && concerns(entry, id, input.policy.mode),
    );
    if (entries.length > 0 || sharedFiles.length > 0) wakes.set(peer.id, { entries, sharedFiles });
  }
  return wakes;
}

function concerns(entry: WakeEntry, peerId: string, mode: WakePolicy['mode']): boolean {
  if (mode === 'all' || entry.mentions.all) return true;
  return entry.mentions.ids.some((id) => id.toLowerCase() === peerId);
}
