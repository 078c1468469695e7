import type { Rule } from '../types.js';
import { agent, quote } from '../helpers.js';

/** No two sections share an id (explicit or the default slug). */
export const uniqueIds: Rule = {
  id: 'unique-ids',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    'The id is how peers, mentions and tokens find an agent; two sections with one id would send one ' +
    "agent's wakes (and token) to the other. The later section is left out until the clash is fixed.",
  examples: {
    valid: [`${agent('ARIA')}\n${agent('Aria Two', 'Id: aria-2', 'Gateway: http://127.0.0.1:18790')}`],
    invalid: [
      { text: `${agent('ARIA')}\n${agent('Other', 'Id: aria', 'Gateway: http://127.0.0.1:18790')}`, message: 'is already used' },
    ],
  },
  check(ctx) {
    const seen = new Map<string, number>();
    for (const section of ctx.registry.sections) {
      if (section.id === '') continue;
      const id = section.id.toLowerCase();
      const first = seen.get(id);
      if (first === undefined) seen.set(id, section.headingPosition.start.line);
      else ctx.report(`the id ${quote(section.id)} is already used by the section on line ${first}`, section.headingPosition);
    }
  },
};
