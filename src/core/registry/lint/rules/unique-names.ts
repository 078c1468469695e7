import { clashes } from '../../confusable.js';
import type { Rule } from '../types.js';
import { agent, quote } from '../helpers.js';
import { reportClashes } from '../clash-report.js';

/** No two sections share a display name, up to Unicode normalization, case and look-alike characters. */
export const uniqueNames: Rule = {
  id: 'unique-names',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    '`@Name` mentions and chat headings (`## 14:32 - ARIA`) identify agents by name; two agents with one name ' +
    'make mentions ambiguous, and a name written with look-alike characters (a Cyrillic `А` in `АRIA`) lets one ' +
    'member pose as another. Neither section is used until the clash is fixed. A repeated section is also the ' +
    'usual trace of a bad merge.',
  examples: {
    valid: [`${agent('ARIA')}\n${agent('小明', 'Id: xiaoming', 'Gateway: http://127.0.0.1:18790')}`],
    invalid: [
      { text: `${agent('ARIA')}\n${agent('aria (Backup)', 'Id: aria-b', 'Gateway: http://127.0.0.1:18790')}`, output: ['5:1-5:17: this section has the name "aria", which differs only by case from the section on line 1; neither is used until one of them changes'] },
      { text: `${agent('ARIA')}\n${agent('АRIA', 'Id: aria-cyrillic', 'Gateway: http://127.0.0.1:18790')}`, output: ['5:1-5:8: this section has the name "АRIA", which looks like the name "ARIA" of the section on line 1; neither is used until one of them changes'] },
    ],
  },
  check(ctx) {
    const sections = ctx.registry.sections;
    reportClashes(ctx, sections, clashes(sections.map((s) => s.name)), 'name', (s) => s.name, quote);
  },
};
