import { isOisError } from '../../core/errors.js';
import type { Ports } from '../../ports/index.js';
import type { Agent } from '../../core/registry/types.js';
import type { Files } from '../../ports/index.js';
import { readLogTail } from '../log/tail.js';
import { oisConfigDir } from '../secrets/config-dir.js';
import { createTokenStore } from '../secrets/tokens.js';
import { createTrustStore } from '../secrets/trust.js';
import { checkPeer } from './peers.js';
import type { MovedPin } from '../in-force/moved.js';
import { fail, type CheckResult } from './types.js';
import { lastWakes } from './wake-tool.js';

/** How many wake events of the log are read to learn whether peers' wake tools work. */
const WAKE_HISTORY = 2_000;

/**
 * The checks of each peer (token, trust, Gateway probe, wake tool: peers.ts), all peers at once,
 * each call bounded by its own timeout, with one pooled HTTP client. `stateDir` (a clone's
 * `.git/ois`) lends its log of past wakes; without one, nothing is known of past wakes. Used by
 * `ois doctor` and `ois agents --check`. `moved`: peers whose registry URL is not their pin (who moved
 * them). Never throws for a peer: a problem is a `fail`.
 *
 * The HTTP client, the token and trust files and the environment come from `ports`.
 *
 * @example const checks = await checkPeers(peers, repo.ports, { stateDir: repo.stateDir })
 */
export async function checkPeers(peers: readonly Agent[], ports: Ports, options: { stateDir?: string; moved?: readonly MovedPin[] } = {}): Promise<CheckResult[][]> {
  if (peers.length === 0) return [];
  const configDir = oisConfigDir(ports.system);
  const client = ports.gatewayClient({ connectTimeoutMs: 3_000, timeoutMs: 5_000 });
  try {
    const records = options.stateDir === undefined ? [] : await readLogTail(ports.files, options.stateDir, WAKE_HISTORY, 512 * 1024).catch(() => []);
    const moved = new Map((options.moved ?? []).map((m) => [m.peer.toLowerCase(), m]));
    const deps = { env: ports.system.env, tokens: createTokenStore(configDir, ports), trust: createTrustStore(configDir, ports), client, lastWakes: lastWakes(records), moved };
    return await Promise.all(peers.map((peer) => checkPeer(peer, deps).catch((error: unknown) => [peerError(peer, error)])));
  } finally {
    await client.close();
  }
}

function peerError(peer: Agent, error: unknown): CheckResult {
  const message = isOisError(error) ? error.message : 'the check failed unexpectedly';
  const hint = isOisError(error) && error.hint ? error.hint : 'Run the check again; report the problem if it persists.';
  return { ...fail(`peer:${peer.id}`, `checks of ${peer.id}`, message, hint), peer: peer.id };
}
