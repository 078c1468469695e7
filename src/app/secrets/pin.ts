import type { Agent } from '../../core/registry/types.js';
import { canonical, type PinSource, type TrustStore } from './trust.js';

/** What pinning did for one peer. */
export interface PinnedPeer {
  id: string;
  /** The Gateway URL the registry gives now. */
  url: string;
  /** `pinned`: newly trusted; `kept`: that URL was already pinned; `differs`: another URL is pinned and stays (see `pinned`). */
  state: 'pinned' | 'kept' | 'differs';
  /** The URL pinned before, when it differs. */
  pinned?: string;
}

/**
 * Pins the Gateway URL of every peer as the registry gives it now (never `self`, never a section
 * without a Gateway), without touching a pin that is already there: what `ois join` does, so that the
 * operator confirms the peers as they are when they join (the list is printed), and a later pull
 * request cannot move them. A URL that differs from an existing pin is reported, not re-pinned.
 *
 * @example await pinPeers(trust, registry.agents, 'aria', 'join')
 * // [{ id: 'bob', url: 'http://10.0.0.5:18789', state: 'pinned' }]
 */
export async function pinPeers(trust: TrustStore, agents: readonly Pick<Agent, 'id' | 'gateway'>[], self: string, via: PinSource = 'join'): Promise<PinnedPeer[]> {
  const results: PinnedPeer[] = [];
  for (const agent of agents) {
    const gateway = agent.gateway as string | undefined; // Kind: human sections (ois web) have none
    if (agent.id.toLowerCase() === self.toLowerCase() || gateway === undefined || gateway === '') continue;
    const url = canonical(gateway);
    const before = await trust.get(agent.id);
    if (before === undefined) {
      await trust.pinIfAbsent(agent.id, url, via);
      results.push({ id: agent.id, url, state: 'pinned' });
    } else {
      results.push(before === url ? { id: agent.id, url, state: 'kept' } : { id: agent.id, url, state: 'differs', pinned: before });
    }
  }
  return results;
}

/**
 * The lines `ois join` prints about the pins (repository text in them is the caller's to clean).
 *
 * @example describePins([{ id: 'bob', url: 'http://10.0.0.5:18789', state: 'pinned' }])
 * // ['Trusted the Gateways of the peers as AGENTS.md gives them now (their tokens go only there):', '  bob  http://10.0.0.5:18789']
 */
export function describePins(pins: readonly PinnedPeer[]): string[] {
  if (pins.length === 0) return [];
  const lines = ['Trusted the Gateways of the peers as AGENTS.md gives them now (their tokens go only there; `ois trust ID` changes one):'];
  for (const pin of pins) {
    if (pin.state === 'differs') lines.push(`  ${pin.id}  ${pin.pinned ?? ''} stays pinned (AGENTS.md now says ${pin.url}: check it, then \`ois trust ${pin.id}\`)`);
    else lines.push(`  ${pin.id}  ${pin.url}${pin.state === 'kept' ? ' (already trusted)' : ''}`);
  }
  return lines;
}
