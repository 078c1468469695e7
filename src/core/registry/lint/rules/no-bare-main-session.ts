import type { Rule } from '../types.js';
import { agent, fieldsNamed } from '../helpers.js';

/** `Session: main` works but costs up to five extra model turns per wake. */
export const noBareMainSession: Rule = {
  id: 'no-bare-main-session',
  severity: 'warning',
  appliesTo: ['registry'],
  rationale:
    'OpenClaw accepts the bare key `main`, but then runs a reply ping-pong of up to 5 extra model turns for each ' +
    'message sent with `sessions_send`. The canonical `agent:<agentId>:main` costs one turn.',
  examples: {
    valid: [agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Session: agent:main:main')],
    invalid: [{ text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Session: main'), output: ['4:12-4:16: use the canonical key agent:main:main: the bare `main` costs up to 5 extra model turns per wake'] }],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      for (const field of fieldsNamed(section, 'session')) {
        if (field.value === 'main') {
          ctx.report('use the canonical key agent:main:main: the bare `main` costs up to 5 extra model turns per wake', field.valuePosition);
        }
      }
    }
  },
};
