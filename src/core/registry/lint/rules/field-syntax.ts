import type { Rule } from '../types.js';
import { agent } from '../helpers.js';

/** Bullets in an agent's section should all be `Key: value` fields. */
export const fieldSyntax: Rule = {
  id: 'field-syntax',
  severity: 'warning',
  appliesTo: ['registry'],
  rationale:
    'A bullet that is not `Key: value` is ignored by ois. It is usually a field with a typo (`Gateway http://…`, ' +
    '`Gateway = …`), which would leave the agent without a value the author meant to give.',
  examples: {
    valid: [agent('ARIA', 'Gateway: http://127.0.0.1:18789', '**Status**: on demand')],
    invalid: [
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Session = agent:main:main'), output: ['4:1-4:28: this bullet is not a `Key: value` field and is ignored'] },
    ],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      for (const bullet of section.bullets) {
        ctx.report('this bullet is not a `Key: value` field and is ignored', bullet.position);
      }
    }
  },
};
