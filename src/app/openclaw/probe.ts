import type { GatewayClient } from '../../adapters/gateway.js';
import { judgeWakeProbe, type WakeProbe } from '../../core/openclaw/probe.js';
import type { WakeMode } from '../../core/registry/types.js';

const PROBE_TIMEOUT_MS = 5_000;

/**
 * Checks, without waking the agent, that this agent's own Gateway takes wakes of `mode` with `token`
 * (see {@link WakeProbe}): an empty hooks wake, or a `sessions_send` without a message. Both are
 * refused by OpenClaw after the token and tool-policy checks, so nothing reaches the agent.
 *
 * @example await probeOwnGateway(client, 'http://127.0.0.1:18789', 'hooks', hooksToken) // { verdict: 'accepts' }
 */
export async function probeOwnGateway(client: GatewayClient, url: string, mode: WakeMode, token: string): Promise<WakeProbe> {
  const outcome =
    mode === 'hooks'
      ? await client.hooksWake(url, token, '', { timeoutMs: PROBE_TIMEOUT_MS })
      : await client.invoke(url, token, { tool: 'sessions_send', args: {} }, { timeoutMs: PROBE_TIMEOUT_MS });
  return judgeWakeProbe(mode, outcome);
}
