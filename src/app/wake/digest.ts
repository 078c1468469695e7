import type { Git } from '../../ports/index.js';
import type { WakePolicy } from '../../core/config/team.js';
import type { Identity } from '../../core/identity.js';
import type { Agent } from '../../core/registry/types.js';
import { concerning } from '../../core/wake/catch-up.js';
import type { PeerWake } from '../../core/wake/choose.js';
import { readCarried } from './pushed.js';

/** What held commits carry for one peer, read back from git. */
export interface HeldWake {
  wake: PeerWake;
  /** The commits that still carry something for the peer. */
  commits: string[];
  /** The peer's registry entry at the newest of them. */
  agent: Agent | undefined;
}

/**
 * Rebuilds a held wake from its commits (the budget keeps only their ids, so that a digest can be sent
 * by another process than the one that held it): the entries and shared files of each commit that the
 * team's policy gives `peer`, oldest first. Undefined when none carries anything any more.
 *
 * @example const held = await heldWake(repo.git, ['3f2a…'], identity, repo.config.wake, 'hkh')
 */
export async function heldWake(git: Git, commits: readonly string[], identity: Identity, policy: WakePolicy, peer: string): Promise<HeldWake | undefined> {
  const wake: PeerWake = { entries: [], sharedFiles: [] };
  const kept: string[] = [];
  let agent: Agent | undefined;
  for (const sha of commits) {
    const carried = await readCarried(git, { to: sha }, { maxCommits: 1 }).catch(() => undefined);
    const commit = carried?.commits.find((c) => c.sha === sha);
    if (carried === undefined || commit === undefined) continue;
    const mine = peer.toLowerCase() === identity.id.toLowerCase() ? undefined : concerning(commit, carried.agents, peer, policy);
    if (mine === undefined) continue;
    agent = carried.agents.find((a) => a.id.toLowerCase() === peer.toLowerCase()) ?? agent;
    wake.entries.push(...mine.entries);
    for (const file of mine.sharedFiles) if (!wake.sharedFiles.includes(file)) wake.sharedFiles.push(file);
    kept.push(sha);
  }
  return kept.length === 0 ? undefined : { wake, commits: kept, agent };
}
