import type { GatewayClient } from '../../adapters/gateway.js';
import type { WakePolicy } from '../../core/config/team.js';
import type { Agent } from '../../core/registry/types.js';
import type { TokenStore } from '../secrets/tokens.js';
import type { TrustStore } from '../secrets/trust.js';
import { hooksProbeAccepted, judgeGateway, probeGateway } from './gateway.js';
import { judgeToken, probeToken } from './token.js';
import { judgeTrust, trustState } from './trust.js';
import type { CheckResult } from './types.js';
import { judgeWakeTool, type LastWake } from './wake-tool.js';

/** Pure: the peers this clone could ever wake under the team's policy (everyone but itself, or nobody). */
export function wakeablePeers(agents: readonly Agent[], self: string | undefined, policy: Pick<WakePolicy, 'mode'>): Agent[] {
  if (policy.mode === 'none') return [];
  const me = self?.toLowerCase();
  return agents.filter((agent) => agent.id.toLowerCase() !== me);
}

export interface PeerDeps {
  env: Readonly<Record<string, string | undefined>>;
  tokens: Pick<TokenStore, 'get'>;
  trust: Pick<TrustStore, 'get'>;
  client: GatewayClient;
  lastWakes: ReadonlyMap<string, LastWake>;
}

/**
 * The four checks of one peer: token, trust, Gateway, wake tool. The token goes only to a pinned URL
 * that matches AGENTS.md, and only in a call that delivers nothing: `session_status` (invoke mode),
 * `/hooks/wake` without a text (hooks mode).
 */
export async function checkPeer(peer: Agent, deps: PeerDeps): Promise<CheckResult[]> {
  const [token, pinned] = await Promise.all([probeToken(peer, deps.env, deps.tokens), deps.trust.get(peer.id).catch(() => undefined)]);
  const state = trustState(pinned, peer.gateway);
  const reason = token.token === undefined ? 'no token for this peer' : state === 'moved' ? 'the URL differs from the pinned one' : 'the URL is not pinned yet';
  const send = state === 'trusted' ? token.token : undefined;
  const gateway = await probeGateway(peer, deps.client, send, reason);
  const probed = gateway.probe === 'hooks' && hooksProbeAccepted(gateway.outcome);
  return [
    judgeToken(peer, token.facts),
    judgeTrust(peer, pinned),
    judgeGateway(peer, gateway),
    judgeWakeTool(peer, deps.lastWakes.get(peer.id.toLowerCase()), probed),
  ];
}
