import type { GatewayClient } from '../../adapters/gateway.js';
import type { Clock } from '../../ports/index.js';
import { isOisError } from '../../core/errors.js';
import type { WakeProbe } from '../../core/openclaw/probe.js';
import type { WakeMode } from '../../core/registry/types.js';
import { resolveToken, type TokenStore } from '../secrets/tokens.js';
import { probeOwnGateway } from './probe.js';

/**
 * The token this agent's own Gateway takes for `mode`, as ois holds it for catch-up wakes:
 * `OIS_HOOKS_<ID>` / `OIS_TOKEN_<ID>` in the environment, else `ois token set ID [--hooks]`.
 *
 * @example await ownWakeToken('aria', 'hooks', io.env, tokens) // '…' or undefined
 */
export async function ownWakeToken(id: string, mode: WakeMode, env: Readonly<Record<string, string | undefined>>, tokens: Pick<TokenStore, 'get'>): Promise<string | undefined> {
  const variable = id.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  try {
    const peer = { id, wake: mode, token: `env:OIS_TOKEN_${variable}`, hooksToken: `env:OIS_HOOKS_${variable}` };
    return (await resolveToken(peer, env, tokens)).token;
  } catch (error) {
    if (isOisError(error) && error.code === 'TOKEN_MISSING') return undefined;
    throw error;
  }
}

/**
 * Probes the own Gateway (without waking the agent) up to `attempts` times, 750 ms apart, while it
 * says the change is not there yet: OpenClaw applies hooks and tool policy live, within a moment.
 */
export async function probeUntilSettled(client: GatewayClient, clock: Pick<Clock, 'sleep'>, url: string, mode: WakeMode, token: string, attempts: number): Promise<WakeProbe> {
  let probe = await probeOwnGateway(client, url, mode, token);
  for (let left = attempts - 1; left > 0 && (probe.verdict === 'not-enabled' || probe.verdict === 'token-refused'); left -= 1) {
    await clock.sleep(750);
    probe = await probeOwnGateway(client, url, mode, token);
  }
  return probe;
}
