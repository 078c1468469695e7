import { checkId } from '../../fields.js';
import type { Rule } from '../types.js';
import { agent, firstField, quote } from '../helpers.js';

/** An `Id` is ASCII: `[a-z0-9][a-z0-9-]*`, at most 64 characters, and not `all`. */
export const idFormat: Rule = {
  id: 'id-format',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    'The id is used in `@mentions`, branch names (`join/<id>`), file names and environment variable names ' +
    '(`OIS_TOKEN_<ID>`), so it is lower-case ASCII letters, digits and `-`. `all` is reserved for `@all`.',
  examples: {
    valid: [agent('ARIA', 'Id: aria-2', 'Gateway: http://127.0.0.1:18789')],
    invalid: [
      { text: agent('ARIA', 'Id: Aria', 'Gateway: http://127.0.0.1:18789'), output: ['3:7-3:11: invalid Id: an id is lower case'] },
      { text: agent('ARIA', 'Id: aria_1', 'Gateway: http://127.0.0.1:18789'), output: ['3:7-3:13: invalid Id: an id is 1 to 64 of a-z, 0-9 and "-", starting with a letter or digit'] },
      { text: agent('Everyone', 'Id: all', 'Gateway: http://127.0.0.1:18789'), output: ['3:7-3:10: invalid Id: "all" is reserved (`@all` mentions everyone)'] },
    ],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      const field = firstField(section, 'id');
      const problem = field ? checkId(field.value) : undefined;
      if (field && problem) ctx.report(`invalid Id: ${problem}`, field.valuePosition);
      else if (!field && section.id !== '') {
        const implicit = checkId(section.id);
        if (implicit) ctx.report(`the default id ${quote(section.id)} is not usable (${implicit}): add an Id field`, section.headingPosition);
      }
    }
  },
};
