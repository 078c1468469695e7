import { FIELD_LABEL, parseMemberKind, WAKE_FIELDS } from '../../fields.js';
import type { Rule } from '../types.js';
import { agent, fieldsNamed, isHumanSection, quote } from '../helpers.js';

/** `Kind` is `agent` (default) or `human`; a human member has no Gateway nor any other wake field. */
export const memberKind: Rule = {
  id: 'member-kind',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    'A section describes an OpenClaw agent (the default, `Kind: agent`) or a person who takes part through ' +
    '`ois web` (`Kind: human`). A person is never woken: mentions of them are highlighted for them in the room ' +
    'instead. So a human member has no Gateway, Session, Wake, Token or Hooks-Token: one there would be ignored, ' +
    'which hides a mistake (the wrong section, or a missing `Kind: agent`). The value is case-insensitive.',
  examples: {
    valid: [agent('Mia (Owner)', 'Kind: human', 'Role: product owner'), agent('ARIA', 'Kind: Agent', 'Gateway: http://127.0.0.1:18789')],
    invalid: [
      { text: agent('Mia', 'Kind: person'), output: ['3:9-3:15: Kind is agent or human'] },
      { text: agent('Mia', 'Kind: human', 'Gateway: http://127.0.0.1:18789'), output: ['4:3-4:10: "Mia" is a human member (Kind: human), who is never woken: remove the Gateway field, or make the section an agent'] },
    ],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      for (const field of fieldsNamed(section, 'kind')) {
        if (parseMemberKind(field.value) === undefined) ctx.report('Kind is agent or human', field.valuePosition);
      }
      if (!isHumanSection(section)) continue;
      for (const key of WAKE_FIELDS) {
        for (const field of fieldsNamed(section, key)) {
          ctx.report(
            `${quote(section.name)} is a human member (Kind: human), who is never woken: remove the ${FIELD_LABEL[key]} field, or make the section an agent`,
            field.keyPosition,
          );
        }
      }
    }
  },
};
