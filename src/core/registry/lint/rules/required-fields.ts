import type { Rule } from '../types.js';
import { agent, firstField, isHumanSection, quote } from '../helpers.js';

/** `Gateway` is required (except for a `Kind: human` member); `Id` is required when the name gives no ASCII slug. */
export const requiredFields: Rule = {
  id: 'required-fields',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    'Without a `Gateway` ois cannot wake the agent (a person, `Kind: human`, has none: they are never woken). The `Id` defaults to a slug of the name, so a name with no ' +
    'ASCII letter or digit (小明, 🦊) needs an explicit `Id`: ids are ASCII because they appear in mentions, ' +
    'file names and environment variable names.',
  examples: {
    valid: [agent('ARIA'), agent('小明 (Research)', 'Id: xiaoming', 'Gateway: http://127.0.0.1:18789'), agent('Mia (Owner)', 'Kind: human')],
    invalid: [
      { text: agent('ARIA', 'Session: agent:main:main'), output: ['1:1-1:8: the agent "ARIA" has no Gateway field (its OpenClaw Gateway base URL)'] },
      { text: agent('小明', 'Gateway: http://127.0.0.1:18789'), output: ['1:1-1:6: the name "小明" has no ASCII letters or digits for a default id: the agent needs an Id field'] },
    ],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      if (section.fields.length === 0 || section.name === '') continue; // section-structure reports it
      if (firstField(section, 'gateway') === undefined && !isHumanSection(section)) {
        ctx.report(`the agent ${quote(section.name)} has no Gateway field (its OpenClaw Gateway base URL)`, section.headingPosition);
      }
      if (!section.explicitId && section.id === '') {
        ctx.report(
          `the name ${quote(section.name)} has no ASCII letters or digits for a default id: the agent needs an Id field`,
          section.headingPosition,
        );
      }
    }
  },
};
