import type { Rule } from '../types.js';
import { agent } from '../helpers.js';

/** A key appears at most once per section (keys compare case-insensitively). */
export const duplicateField: Rule = {
  id: 'duplicate-field',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    'Two values for one key (for example two `Gateway` lines, often left by a merge) are ambiguous: ois does not ' +
    'guess which one is meant, and leaves the agent out until one is removed.',
  examples: {
    valid: [agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Session: agent:main:main')],
    invalid: [
      {
        text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'gateway: http://127.0.0.1:18790'),
        output: ['4:3-4:10: the field gateway appears more than once in this section (first on line 3)'],
      },
    ],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      const seen = new Map<string, number>();
      for (const field of section.fields) {
        const first = seen.get(field.canonicalKey);
        if (first === undefined) seen.set(field.canonicalKey, field.position.start.line);
        else ctx.report(`the field ${field.key} appears more than once in this section (first on line ${first})`, field.keyPosition);
      }
    }
  },
};
