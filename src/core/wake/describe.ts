import type { WakeMode } from '../registry/types.js';
import type { WakeOutcome } from './outcome.js';

/** What {@link describeOutcome} may add to its sentence; all optional, none secret. */
export interface DescribeContext {
  /** The peer's Gateway base URL. */
  gateway?: string;
  mode?: WakeMode;
  /** Where the token came from, e.g. `the environment variable OIS_TOKEN_BOB` or `ois token set bob`. */
  tokenSource?: string;
  /**
   * Set (to this agent's own id) for the catch-up wake of this clone's own Gateway: its URL comes from
   * this clone's git config (`ois.gateway`), not from AGENTS.md, and its token is this agent's own.
   */
  own?: string;
}

/**
 * One sentence a user can act on, for the outcome of a wake of `peerId`. Never contains a token
 * (outcomes never carry one).
 *
 * @example describeOutcome('bob', { kind: 'tool-not-allowed', tool: 'sessions_send' })
 * // 'bob's Gateway does not allow sessions_send over HTTP (404): bob's owner must add "sessions_send"
 * //  to gateway.tools.allow in ~/.openclaw/openclaw.json (applied live, no restart).'
 */
export function describeOutcome(peerId: string, outcome: WakeOutcome, context: DescribeContext = {}): string {
  const gw = `${peerId}'s Gateway${context.gateway === undefined ? '' : ` (${context.gateway})`}`;
  const where = context.own === undefined ? 'the Gateway URL in AGENTS.md' : "this clone's Gateway URL (git config ois.gateway)";
  switch (outcome.kind) {
    case 'delivered':
      return `Woke ${peerId}.`;
    case 'unreachable':
      return `Could not reach ${gw}: ${outcome.detail}. Check that it is running and that ${where} is right.`;
    case 'unauthorized':
      return `${gw} refused the token (401). ${tokenAdvice(peerId, context)}`;
    case 'tool-not-allowed':
      return (
        `${gw} does not allow ${outcome.tool} over HTTP (404): ${peerId}'s owner must add "${outcome.tool}" ` +
        'to gateway.tools.allow in ~/.openclaw/openclaw.json (applied live, no restart).'
      );
    case 'forbidden':
      return `${gw} blocked the call (403): the token's roles or approvals do not permit it. ${peerId}'s owner can grant it, or use hooks mode.`;
    case 'rate-limited': {
      const after = outcome.retryAfterMs === undefined ? '' : `; it asks to wait ${Math.ceil(outcome.retryAfterMs / 1000)} s`;
      return `${gw} is rate limiting after failed authentications (429)${after}. ${tokenAdvice(peerId, context)}`;
    }
    case 'rejected':
      return `${gw} took the call but OpenClaw did not deliver it: ${outcome.message}.${rejectedAdvice(outcome.message)}`;
    case 'malformed':
      return `${gw} gave an answer that is not OpenClaw's (${outcome.detail}). Is ${where} really an OpenClaw Gateway?`;
    case 'timeout':
      return `${gw} did not answer in time; the wake may or may not have arrived. It will be retried; if this persists, check that Gateway.`;
    case 'http-error':
      return `${gw} answered HTTP ${outcome.status}: ${outcome.message}.${statusAdvice(outcome.status, context.mode)}`;
    case 'aborted':
      return `The wake of ${peerId} was cancelled.`;
    case 'not-sent':
      return `Did not wake ${peerId}: ${outcome.message}.${outcome.hint === undefined ? '' : ` ${outcome.hint}`}`;
  }
}

function tokenAdvice(peerId: string, context: DescribeContext): string {
  const source = context.tokenSource === undefined ? '' : ` (from ${context.tokenSource})`;
  const kind = context.mode === 'hooks' ? "the hooks token (hooks.token), not the gateway token" : "the gateway token (gateway.auth.token)";
  const id = context.own ?? peerId;
  return `The token for ${context.own === undefined ? peerId : `your own agent (${id})`}${source} must be ${kind} of that Gateway; fix it with \`ois token set ${id}${context.mode === 'hooks' ? ' --hooks' : ''}\` or the environment variable.`;
}

function rejectedAdvice(message: string): string {
  if (/no session found/i.test(message)) {
    return ' Check the Session field in AGENTS.md: the canonical key is agent:<agentId>:main.';
  }
  if (/calling session/i.test(message)) return ' The call must carry timeoutSeconds: 0 (this is a bug in ois).';
  return '';
}

function statusAdvice(status: number, mode: WakeMode | undefined): string {
  if (status === 404 && mode === 'hooks') {
    return ' The peer\'s owner must enable hooks ("hooks": {"enabled": true, "token": …}) in ~/.openclaw/openclaw.json.';
  }
  if (status === 413) return ' The wake message is too large: lower wake.maxMessageBytes in ois.config.json.';
  if (status >= 300 && status < 400) return ' ois does not follow redirects: put the final URL in AGENTS.md.';
  return '';
}
