import { clashes } from '../../confusable.js';
import type { Rule } from '../types.js';
import { agent, quote } from '../helpers.js';
import { reportClashes } from '../clash-report.js';

/** No two sections share an id (explicit or the default slug), up to case or look-alike characters. */
export const uniqueIds: Rule = {
  id: 'unique-ids',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    'The id is how peers, mentions and tokens find an agent; two sections with one id would send one ' +
    "agent's wakes (and token) to the other. Ids that differ only by case, or by characters that look alike " +
    '(`agent-1` and `agent-l`, UTS #39 confusables), clash too. Neither section is used until the clash is fixed: ' +
    'whichever came first, the other could be a member posing as it.',
  examples: {
    valid: [`${agent('ARIA')}\n${agent('Aria Two', 'Id: aria-2', 'Gateway: http://127.0.0.1:18790')}`],
    invalid: [
      { text: `${agent('ARIA')}\n${agent('Other', 'Id: aria', 'Gateway: http://127.0.0.1:18790')}`, output: ['5:1-5:9: this section has the same id as the section on line 1; neither is used until one of them changes'] },
      { text: `${agent('Bot L', 'Id: bot-l', 'Gateway: http://127.0.0.1:18789')}\n${agent('Bot One', 'Id: bot-1', 'Gateway: http://127.0.0.1:18790')}`, output: ['6:1-6:11: this section has the id "bot-1", which looks like the id "bot-l" of the section on line 1; neither is used until one of them changes'] },
    ],
  },
  check(ctx) {
    const sections = ctx.registry.sections;
    reportClashes(ctx, sections, clashes(sections.map((s) => s.id)), 'id', (s) => s.id, quote);
  },
};
