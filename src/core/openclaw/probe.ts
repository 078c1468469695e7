import type { WakeMode } from '../registry/types.js';
import type { WakeOutcome } from '../wake/outcome.js';

/**
 * What a non-waking probe of this agent's own Gateway found. The probe is a wake call that OpenClaw
 * refuses *after* checking the token and the tool policy, so nothing reaches the agent:
 * `POST /hooks/wake {"text":""}` answers 400 "text required" (hooks on, token right), and
 * `POST /tools/invoke` with `sessions_send` and no message answers 400 "message required"
 * (sessions_send allowed, token right). 401 means the token is wrong; 404 that hooks are off or the
 * tool is denied.
 */
export type WakeProbe =
  | { verdict: 'accepts' }
  | { verdict: 'token-refused' }
  | { verdict: 'not-enabled'; detail: string }
  | { verdict: 'unreachable'; detail: string }
  | { verdict: 'unexpected'; detail: string };

/**
 * Reads a probe's outcome.
 *
 * @example judgeWakeProbe('hooks', { kind: 'http-error', status: 400, message: 'text required' }) // { verdict: 'accepts' }
 * @example judgeWakeProbe('invoke', { kind: 'tool-not-allowed', tool: 'sessions_send' }).verdict // 'not-enabled'
 */
export function judgeWakeProbe(mode: WakeMode, outcome: WakeOutcome): WakeProbe {
  switch (outcome.kind) {
    case 'http-error':
      if (outcome.status === 400 && /required/i.test(outcome.message)) return { verdict: 'accepts' };
      if (outcome.status === 404 && mode === 'hooks') return { verdict: 'not-enabled', detail: 'no /hooks/wake: hooks are not enabled (hooks.enabled)' };
      return { verdict: 'unexpected', detail: `HTTP ${outcome.status}: ${outcome.message}` };
    case 'tool-not-allowed':
      return { verdict: 'not-enabled', detail: `${outcome.tool} is not allowed over HTTP (gateway.tools.allow)` };
    case 'unauthorized':
    case 'forbidden':
      return { verdict: 'token-refused' };
    case 'unreachable':
      return { verdict: 'unreachable', detail: outcome.detail };
    case 'timeout':
      return { verdict: 'unreachable', detail: 'no answer in time' };
    case 'delivered':
      // Only an OpenClaw that ignores the empty message would say so: the probe reached the agent.
      return { verdict: 'accepts' };
    default:
      return { verdict: 'unexpected', detail: outcome.kind };
  }
}

/**
 * The probe's verdict in one sentence about `url`.
 *
 * @example describeWakeProbe('http://127.0.0.1:18789', 'hooks', { verdict: 'accepts' }) // 'http://127.0.0.1:18789 accepts wakes (hooks), checked without waking the agent'
 */
export function describeWakeProbe(url: string, mode: WakeMode, probe: WakeProbe): string {
  switch (probe.verdict) {
    case 'accepts':
      return `${url} accepts wakes (${mode}), checked without waking the agent`;
    case 'token-refused':
      return `${url} refused ${mode === 'hooks' ? 'the hooks token' : 'the gateway token'} ois holds for you`;
    case 'not-enabled':
      return `${url} does not take wakes: ${probe.detail}`;
    case 'unreachable':
      return `${url} does not answer (${probe.detail})`;
    default:
      return `${url} answered the wake probe unexpectedly (${probe.detail})`;
  }
}
