import type { GatewayClient } from '../../ports/index.js';
import { isOisError } from '../../core/errors.js';
import type { WakeTarget } from '../../core/wake/job.js';
import type { WakeOutcome } from '../../core/wake/outcome.js';
import { buildInvokeBody } from '../../core/wake/request.js';
import { resolveToken, type TokenStore } from '../secrets/tokens.js';
import { checkTrust, type TrustStore } from '../secrets/trust.js';

export interface WakePeerDeps {
  client: GatewayClient;
  tokens: Pick<TokenStore, 'get'>;
  trust: TrustStore;
  env: Readonly<Record<string, string | undefined>>;
}

export type { WakeTarget };

export interface WakePeerInput {
  peer: WakeTarget;
  /** The whole wake text (already framed and bounded). */
  message: string;
  signal?: AbortSignal;
  /** `--token-env NAME`: read the token from this variable instead of the registry's. */
  tokenEnv?: string;
}

/**
 * Wakes one peer: resolves its token, checks that its Gateway URL is the one trusted for it (pinning
 * it on first use), then makes the call of its wake mode. Never throws: a missing token or an
 * untrusted URL is a `not-sent` outcome, and then no request is made at all.
 *
 * @example
 * const outcome = await wakePeer(deps, { peer: bob, message: buildWakeMessage('acme', wake, 16000) });
 */
export async function wakePeer(deps: WakePeerDeps, input: WakePeerInput): Promise<WakeOutcome> {
  const { peer } = input;
  let token: string;
  try {
    ({ token } = await resolveToken(peer, deps.env, deps.tokens, input.tokenEnv));
    await checkTrust(deps.trust, peer.id, peer.gateway);
  } catch (error) {
    if (isOisError(error)) {
      const { code, message, hint } = error;
      return hint === undefined ? { kind: 'not-sent', code, message } : { kind: 'not-sent', code, message, hint };
    }
    throw error;
  }
  const call = input.signal === undefined ? {} : { signal: input.signal };
  if (peer.wake === 'hooks') return deps.client.hooksWake(peer.gateway, token, input.message, call);
  return deps.client.invoke(peer.gateway, token, buildInvokeBody(peer, input.message), call);
}
