import { isOisError } from '../../core/errors.js';
import type { Agent } from '../../core/registry/types.js';
import { resolveToken, type TokenStore } from '../secrets/tokens.js';
import { fail, ok, type CheckResult } from './types.js';

/** Where a peer's token was found, or why not: never the token itself. */
export type TokenFacts = { found: true; source: string } | { found: false; message: string; hint: string };

/** Pure verdict for `token:<peer>`. */
export function judgeToken(peer: Pick<Agent, 'id' | 'wake'>, facts: TokenFacts): CheckResult {
  const id = `token:${peer.id}`;
  const title = `${peer.wake === 'hooks' ? 'hooks token' : 'token'} for ${peer.id}`;
  if (facts.found) return { ...ok(id, title, `from ${facts.source}`), peer: peer.id };
  return { ...fail(id, title, facts.message, facts.hint), peer: peer.id };
}

/** Resolves the token only to learn where it comes from; the value is returned separately to the caller that probes. */
export async function probeToken(
  peer: Agent,
  env: Readonly<Record<string, string | undefined>>,
  store: Pick<TokenStore, 'get'>,
): Promise<{ facts: TokenFacts; token?: string }> {
  try {
    const resolved = await resolveToken(peer, env, store);
    return { facts: { found: true, source: resolved.source }, token: resolved.token };
  } catch (error) {
    if (!isOisError(error)) throw error;
    return { facts: { found: false, message: error.message, hint: error.hint ?? `Run \`ois token set ${peer.id}\`.` } };
  }
}
