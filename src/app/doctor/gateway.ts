import type { GatewayClient } from '../../adapters/gateway.js';
import type { Agent } from '../../core/registry/types.js';
import { describeOutcome } from '../../core/wake/describe.js';
import type { WakeOutcome } from '../../core/wake/outcome.js';
import { fail, ok, warn, type CheckResult } from './types.js';

/**
 * What probing a peer's Gateway found. `invoke`: `POST /tools/invoke` with `session_status {}`
 * (allowed by default, delivers nothing) and the token. `hooks`: `POST /hooks/wake` with the hooks
 * token and no text (OpenClaw 2026.9.6 authenticates first, then refuses an empty text with 400 "text
 * required": the token is tried, nothing is woken). `health`: `GET /healthz` without a token,
 * because a token must not (untrusted URL) or cannot (none) be sent.
 */
export type GatewayFacts =
  | { probe: 'invoke'; outcome: WakeOutcome }
  /** `POST /hooks/wake` with the hooks token and an empty text: OpenClaw checks the token, then answers 400 "text required" and wakes nothing. */
  | { probe: 'hooks'; outcome: WakeOutcome }
  | { probe: 'health'; reason: string; reachable: boolean; status?: number; detail?: string };

export const PROBE_TIMEOUT_MS = 5_000;

/** Pure verdict for `gateway:<peer>`. */
export function judgeGateway(peer: Pick<Agent, 'id' | 'gateway' | 'wake'>, facts: GatewayFacts): CheckResult {
  const id = `gateway:${peer.id}`;
  const title = `${peer.id}'s Gateway`;
  const at = `${peer.gateway}`;
  const result = (check: CheckResult): CheckResult => ({ ...check, peer: peer.id });
  if (facts.probe === 'health') {
    if (!facts.reachable) {
      return result(fail(id, title, `${at} does not answer (${facts.detail ?? 'no answer'})`, `Check that ${peer.id}'s Gateway runs and that the Gateway URL in AGENTS.md is right.`));
    }
    const answered = facts.status === 200 ? 'answers GET /healthz' : `answers (HTTP ${facts.status ?? '?'} on /healthz)`;
    return result(warn(id, title, `${at} ${answered}; the token was not tried: ${facts.reason}`, fixForUntried(peer, facts.reason)));
  }
  const outcome = facts.outcome;
  if (facts.probe === 'hooks') return result(judgeHooksProbe(peer, outcome));
  switch (outcome.kind) {
    case 'delivered':
    case 'rejected':
      return result(ok(id, title, `${at} answers and accepts the token (session_status)`));
    case 'malformed':
      if (outcome.detail.startsWith('a 200 answer')) return result(ok(id, title, `${at} answers and accepts the token (session_status)`));
      return result(fail(id, title, describeOutcome(peer.id, outcome, { gateway: peer.gateway }), 'Check that the Gateway URL in AGENTS.md points at an OpenClaw Gateway.'));
    case 'tool-not-allowed':
      return result(warn(id, title, `${at} accepts the token but denies session_status over HTTP, so the probe could not go further`, `${peer.id}'s owner may have narrowed gateway.tools; nothing to do unless wakes fail.`));
    case 'rate-limited':
      return result(warn(id, title, describeOutcome(peer.id, outcome, { gateway: peer.gateway, mode: peer.wake }), `Wait, then run \`ois doctor\` again; check the token for ${peer.id}.`));
    default:
      return result(fail(id, title, describeOutcome(peer.id, outcome, { gateway: peer.gateway, mode: peer.wake }), fixForOutcome(peer, outcome)));
  }
}

/** Whether a hooks probe's answer shows /hooks/wake taking the token (400 "text required", or a 200). */
export function hooksProbeAccepted(outcome: WakeOutcome): boolean {
  return outcome.kind === 'delivered' || (outcome.kind === 'http-error' && outcome.status === 400 && /text required/i.test(outcome.message));
}

function judgeHooksProbe(peer: Pick<Agent, 'id' | 'gateway' | 'wake'>, outcome: WakeOutcome): CheckResult {
  const id = `gateway:${peer.id}`;
  const title = `${peer.id}'s Gateway`;
  if (hooksProbeAccepted(outcome)) return ok(id, title, `${peer.gateway} accepts the hooks token on /hooks/wake (probed without a text: nothing was woken)`);
  if (outcome.kind === 'rate-limited') return warn(id, title, describeOutcome(peer.id, outcome, { gateway: peer.gateway, mode: 'hooks' }), `Wait a minute, then run \`ois doctor\` again; check the hooks token for ${peer.id}.`);
  const fix =
    outcome.kind === 'unauthorized' || outcome.kind === 'forbidden'
      ? `Store ${peer.id}'s hooks token again (\`ois token set ${peer.id} --hooks\`, the hooks.token of that Gateway, not its gateway token) or fix OIS_HOOKS_${peer.id.toUpperCase().replace(/-/g, '_')}.`
      : fixForOutcome(peer, outcome);
  return fail(id, title, describeOutcome(peer.id, outcome, { gateway: peer.gateway, mode: 'hooks' }), fix);
}

function fixForUntried(peer: Pick<Agent, 'id'>, reason: string): string {
  if (reason.startsWith('no token')) return `Provide a token for ${peer.id} (see the token check).`;
  return `Pin the URL with \`ois trust ${peer.id}\` (after checking it), then run \`ois doctor\` again.`;
}

function fixForOutcome(peer: Pick<Agent, 'id'>, outcome: WakeOutcome): string {
  switch (outcome.kind) {
    case 'unauthorized':
    case 'forbidden':
      return `Store ${peer.id}'s gateway token again (\`ois token set ${peer.id}\`) or fix the environment variable.`;
    case 'unreachable':
    case 'timeout':
      return `Check that ${peer.id}'s Gateway runs and that the Gateway URL in AGENTS.md is right.`;
    default:
      return `Ask ${peer.id}'s owner to check the Gateway.`;
  }
}

/** Probes one peer: with the token when `token` is given (trusted URL), else without. */
export async function probeGateway(
  peer: Pick<Agent, 'gateway' | 'wake'>,
  client: GatewayClient,
  token: string | undefined,
  reason: string,
): Promise<GatewayFacts> {
  if (token !== undefined && peer.wake === 'hooks') {
    return { probe: 'hooks', outcome: await client.hooksProbe(peer.gateway, token, { timeoutMs: PROBE_TIMEOUT_MS }) };
  }
  if (token !== undefined) {
    const outcome = await client.invoke(peer.gateway, token, { tool: 'session_status', args: {} }, { timeoutMs: PROBE_TIMEOUT_MS });
    return { probe: 'invoke', outcome };
  }
  const health = await client.health(peer.gateway, { timeoutMs: PROBE_TIMEOUT_MS });
  return { probe: 'health', reason, ...health };
}
