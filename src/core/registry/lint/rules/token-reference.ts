import { checkTokenReference, FIELD_LABEL } from '../../fields.js';
import type { Rule } from '../types.js';
import { agent, fieldsNamed } from '../helpers.js';
import { looksLikeSecret } from '../secrets.js';

/** `Token` and `Hooks-Token` are references `env:OIS_…`, never the secret. */
export const tokenReference: Rule = {
  id: 'token-reference',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    'AGENTS.md is shared with the whole team (and often public), and the original OIS registry published live ' +
    'Gateway tokens. A token field names where each machine finds the secret: `env:NAME`, an environment variable ' +
    'whose name starts with `OIS_`. No `file:` paths and no other variable names: otherwise a registry edit could ' +
    'make ois read an unrelated secret (an SSH key, `AWS_SECRET_ACCESS_KEY`) and send it to a Gateway. A token ' +
    'stored with `ois token set ID` needs no field at all.',
  examples: {
    valid: [agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Token: env:OIS_TOKEN_ARIA', 'Hooks-Token: `env:OIS_HOOKS_ARIA`')],
    invalid: [
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Token: file:~/.ssh/id_rsa'), message: 'a reference `env:OIS_…`' },
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Token: env:AWS_SECRET_ACCESS_KEY'), message: 'must start with OIS_' },
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Token:'), message: 'empty' },
    ],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      for (const key of ['token', 'hooks-token'] as const) {
        for (const field of fieldsNamed(section, key)) {
          if (looksLikeSecret(field.value)) continue; // no-literal-secret reports it, louder
          const problem = checkTokenReference(field.value);
          if (problem) ctx.report(`${FIELD_LABEL[key]}: ${problem}`, field.value === '' ? field.keyPosition : field.valuePosition);
        }
      }
    }
  },
};
