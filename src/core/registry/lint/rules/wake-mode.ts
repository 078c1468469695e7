import { parseWakeMode } from '../../fields.js';
import type { Rule } from '../types.js';
import { agent, fieldsNamed } from '../helpers.js';

/** `Wake` is `invoke` (default) or `hooks`. */
export const wakeMode: Rule = {
  id: 'wake-mode',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    '`invoke` wakes through `POST /tools/invoke` with `sessions_send` and the Gateway token; `hooks` posts to ' +
    "`/hooks/wake` with the Gateway's narrower hooks token. Any other value would leave ois unable to wake the peer. " +
    'The value is case-insensitive.',
  examples: {
    valid: [
      agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Wake: invoke'),
      agent('HKH', 'Gateway: http://127.0.0.1:18789', 'Wake: Hooks'),
    ],
    invalid: [{ text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Wake: telegram'), output: ['4:9-4:17: Wake is invoke or hooks'] }],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      for (const field of fieldsNamed(section, 'wake')) {
        if (parseWakeMode(field.value) === undefined) ctx.report('Wake is invoke or hooks', field.valuePosition);
      }
    }
  },
};
