import { FIELD_LABEL, isKnownField, KNOWN_FIELDS } from '../../fields.js';
import type { Rule } from '../types.js';
import { agent } from '../helpers.js';

/** Fields ois does not know are kept but flagged, with a suggestion when one is close. */
export const unknownField: Rule = {
  id: 'unknown-field',
  severity: 'warning',
  appliesTo: ['registry'],
  rationale:
    'ois reads Id, Kind, Gateway, Session, Wake, Token, Hooks-Token, Role and Status. Other fields are allowed (teams ' +
    'keep notes) but are ignored, so a typo such as `Gatway` or `Sesion` would silently fall back to a default.',
  examples: {
    valid: [agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'role: research', 'Hooks Token: env:OIS_HOOKS_ARIA')],
    invalid: [
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Sesion: agent:main:main'), output: ['4:3-4:9: unknown field Sesion (did you mean Session?)'] },
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Timezone: UTC'), output: ['4:3-4:11: unknown field Timezone; ois ignores it'] },
    ],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      for (const field of section.fields) {
        if (isKnownField(field.canonicalKey)) continue;
        const near = KNOWN_FIELDS.find((known) => distance(known, field.canonicalKey) <= 2);
        const hint = near ? ` (did you mean ${FIELD_LABEL[near]}?)` : '; ois ignores it';
        ctx.report(`unknown field ${field.key}${hint}`, field.keyPosition);
      }
    }
  },
};

/** Levenshtein distance, for short keys only. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || b.length > 40) return 99;
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next.push(Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost));
    }
    row = next;
  }
  return row[b.length] ?? 99;
}
