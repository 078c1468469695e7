import type { WakePolicy } from '../config/team.js';
import type { Agent } from '../registry/types.js';
import { choosePeers, type PeerWake, type WakeEntry } from './choose.js';

/**
 * The wake this agent's own Gateway needs for entries that someone else wrote in its clone and this
 * clone pushed: a person posting through `ois web` in the agent's clone (`@aria stop the render`).
 * Peers never wake the pusher, so the pusher wakes itself, by the same policy; its own entries (and
 * hand-written ones without an author) never count. Undefined when nothing concerns it.
 *
 * @example ownWake([{ sha, entries: [{ …, author: 'mia', mentions: { ids: ['aria'], all: false } }] }], agents, 'aria', policy)
 * // { wake: { entries: [that entry], sharedFiles: [] }, commits: [sha] }
 */
export function ownWake(
  commits: ReadonlyArray<{ sha: string; entries: readonly WakeEntry[] }>,
  agents: readonly Agent[],
  self: string,
  policy: Pick<WakePolicy, 'mode' | 'sharedFiles'>,
): { wake: PeerWake; commits: string[] } | undefined {
  const me = self.toLowerCase();
  const agent = agents.find((a) => a.id.toLowerCase() === me);
  if (agent === undefined) return undefined;
  const others = (entry: WakeEntry): boolean => entry.author !== undefined && entry.author.toLowerCase() !== me;
  const entries = commits.flatMap((c) => c.entries.filter(others));
  const wake = choosePeers({ entries, changedSharedFiles: [], agents: [agent], self: '', policy }).get(agent.id);
  if (wake === undefined || wake.entries.length === 0) return undefined;
  const shas = commits.filter((c) => c.entries.some((e) => wake.entries.includes(e))).map((c) => c.sha);
  return { wake, commits: shas };
}
