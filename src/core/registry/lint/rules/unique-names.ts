import { normalizeName } from '../../build.js';
import type { Rule } from '../types.js';
import { agent, quote } from '../helpers.js';

/** No two sections share a display name (Unicode-normalized, case-insensitive). */
export const uniqueNames: Rule = {
  id: 'unique-names',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    '`@Name` mentions and chat headings (`## 14:32 - ARIA`) identify agents by name; two agents with one name ' +
    'make mentions ambiguous. A repeated section is also the usual trace of a bad merge.',
  examples: {
    valid: [`${agent('ARIA')}\n${agent('小明', 'Id: xiaoming', 'Gateway: http://127.0.0.1:18790')}`],
    invalid: [
      { text: `${agent('ARIA')}\n${agent('aria (Backup)', 'Id: aria-b', 'Gateway: http://127.0.0.1:18790')}`, message: 'is already used' },
    ],
  },
  check(ctx) {
    const seen = new Map<string, number>();
    for (const section of ctx.registry.sections) {
      if (section.name === '') continue;
      const key = normalizeName(section.name);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, section.headingPosition.start.line);
      else ctx.report(`the name ${quote(section.name)} is already used by the section on line ${first}`, section.headingPosition);
    }
  },
};
