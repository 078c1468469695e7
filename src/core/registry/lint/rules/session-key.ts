import { checkSessionKey } from '../../fields.js';
import type { Rule } from '../types.js';
import { agent, fieldsNamed } from '../helpers.js';

/** `Session` is an OpenClaw session key, `agent:<agentId>:<rest>`. */
export const sessionKey: Rule = {
  id: 'session-key',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    'A wake is delivered to the session named by `Session` (default `agent:main:main`, the main session of the ' +
    "Gateway's default agent). An OpenClaw session key reads `agent:<agentId>:<rest>`; a malformed key makes every " +
    'wake fail on the peer with "No session found", silently from the sender\'s side (HTTP 200).',
  examples: {
    valid: [
      agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Session: agent:main:main'),
      agent('HKH', 'Gateway: http://127.0.0.1:18789', 'Session: agent:research:telegram:dm:42'),
    ],
    invalid: [
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Session: main:main'), output: ['4:12-4:21: a session key reads agent:<agentId>:<session>, for example agent:main:main'] },
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Session: agent:Main:main'), output: ['4:12-4:27: the agent id in a session key is lower case a-z, 0-9, "_" and "-"'] },
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Session: agent::main'), output: ['4:12-4:23: a session key has no empty part between colons'] },
    ],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      for (const field of fieldsNamed(section, 'session')) {
        const problem = checkSessionKey(field.value);
        if (problem) ctx.report(problem, field.valuePosition);
      }
    }
  },
};
