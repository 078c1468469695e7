import type { Rule } from '../types.js';
import { agent, quote } from '../helpers.js';

/** Every `##` section is an agent: it needs a name and `Key: value` fields; fields need a section. */
export const sectionStructure: Rule = {
  id: 'section-structure',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    'ois reads one `##` section per agent: the heading is `Name (Role)`, the fields are `- Key: value` bullets. ' +
    'A heading without a name, a `##` section without fields, or fields outside any section are almost always ' +
    'a broken edit (a lost heading, a notes section at the wrong level), and would silently drop an agent.',
  examples: {
    valid: [
      `# Team\n\nSome prose.\n\n${agent('ARIA (Core Contributor)')}\nMore prose.\n\n${agent('HKH', 'Gateway: http://10.0.0.2:18789')}`,
      '# Team\n\nNo agents yet.\n',
    ],
    invalid: [
      { text: '# Team\n\n## ARIA\n\nJust prose, no fields.\n', output: ['3:1-3:8: the section "ARIA" has no `- Key: value` fields; every `##` section is an agent (use `###` or prose for notes)'] },
      { text: '# Team\n\n## (Core)\n\n- Gateway: http://127.0.0.1:18789\n', output: ['3:1-3:10: this agent heading has no name: write `## Name (Role)`'] },
      { text: '# Team\n\n- Id: aria\n- Gateway: http://127.0.0.1:18789\n', output: ['3:1-3:11: the field Id is outside any agent section: put it under a `## Name` heading', '4:1-4:34: the field Gateway is outside any agent section: put it under a `## Name` heading'] },
    ],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      if (section.name === '') {
        ctx.report('this agent heading has no name: write `## Name (Role)`', section.headingPosition);
      } else if (section.fields.length === 0) {
        ctx.report(
          `the section ${quote(section.name)} has no \`- Key: value\` fields; every \`##\` section is an agent (use \`###\` or prose for notes)`,
          section.headingPosition,
        );
      }
    }
    for (const field of ctx.registry.orphanFields) {
      ctx.report(`the field ${field.key} is outside any agent section: put it under a \`## Name\` heading`, field.position);
    }
  },
};
