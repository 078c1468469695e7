/**
 * The trust pins `ois join` writes: every peer as the registry in force gives it, never re-pointing a pin.
 */
import type { Git } from '../../adapters/git.js';
import type { Ports } from '../../ports/index.js';
import { registryInForce } from '../in-force/registry.js';
import { oisConfigDir } from './config-dir.js';
import { pinPeers, type PinnedPeer } from './pin.js';
import { createTrustStore } from './trust.js';

export type { PinnedPeer };

/**
 * At `ois join`: pins every peer of the registry in force at HEAD (see pin.ts), in this user's trust
 * file. Returns what it did, for the operator to read.
 *
 * @example const pins = await pinJoinedPeers(git, ports, 'aria')
 */
export async function pinJoinedPeers(git: Git, ports: Pick<Ports, 'files' | 'system' | 'clock'>, self: string): Promise<PinnedPeer[]> {
  const { agents } = await registryInForce(git, 'HEAD');
  return pinPeers(createTrustStore(oisConfigDir(ports.system), ports), agents, self, 'join');
}
