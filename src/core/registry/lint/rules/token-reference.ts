import { checkTokenReference, FIELD_LABEL, tokenEnvName } from '../../fields.js';
import type { Rule } from '../types.js';
import { agent, fieldsNamed } from '../helpers.js';
import { looksLikeSecret } from '../secrets.js';

/** `Token` and `Hooks-Token` may only name the section's own variable, `env:OIS_TOKEN_<ID>` / `env:OIS_HOOKS_<ID>`. */
export const tokenReference: Rule = {
  id: 'token-reference',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    'Secrets are keyed by the peer id, never named by the registry: the token for peer `aria` is `OIS_TOKEN_ARIA` ' +
    '(`OIS_HOOKS_ARIA` for hooks) in the environment, or stored with `ois token set aria`, and nothing else. ' +
    'Everyone who can push can edit AGENTS.md: a member who wrote `Token: env:OIS_TOKEN_BOB` in its own section ' +
    "would otherwise make every other machine send bob's token to its Gateway. The field may stay, for readability, " +
    "only as the section's own name; any other reference is an error (and refused at run time), and so is the " +
    'secret itself. A token stored with `ois token set ID` needs no field at all.',
  examples: {
    valid: [agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Token: env:OIS_TOKEN_ARIA', 'Hooks-Token: `env:OIS_HOOKS_ARIA`'), agent('HKH 2', 'Id: hkh-2', 'Gateway: http://127.0.0.1:18789', 'Token: env:OIS_TOKEN_HKH_2')],
    invalid: [
      { text: agent('Charlie', 'Id: c', 'Gateway: http://127.0.0.1:18789', 'Token: env:OIS_TOKEN_B'), output: ['5:10-5:25: Token: the token of "c" is read from OIS_TOKEN_C (or `ois token set c`) and nothing else: write `env:OIS_TOKEN_C` or leave the field out (the registry never chooses which secret is read)'] },
      { text: agent('Dave', 'Gateway: http://127.0.0.1:18789', 'Hooks-Token: env:OIS_HOOKS_B'), output: ['4:16-4:31: Hooks-Token: the hooks token of "dave" is read from OIS_HOOKS_DAVE (or `ois token set dave --hooks`) and nothing else: write `env:OIS_HOOKS_DAVE` or leave the field out (the registry never chooses which secret is read)'] },
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Token: file:~/.ssh/id_rsa'), output: ['4:10-4:28: Token: a token is a reference `env:OIS_…`, never the secret itself'] },
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Token: env:AWS_SECRET_ACCESS_KEY'), output: ['4:10-4:35: Token: the token of "aria" is read from OIS_TOKEN_ARIA (or `ois token set aria`) and nothing else: write `env:OIS_TOKEN_ARIA` or leave the field out (the registry never chooses which secret is read)'] },
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Token:'), output: ['4:3-4:8: Token: the token reference is empty'] },
    ],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      for (const key of ['token', 'hooks-token'] as const) {
        for (const field of fieldsNamed(section, key)) {
          if (looksLikeSecret(field.value)) continue; // no-literal-secret reports it, louder
          const kind = key === 'hooks-token' ? 'hooks' : 'gateway';
          // Without a usable id (id-format says why), the section's own name cannot be known: say what the syntax must be.
          const id = section.id === '' ? '' : section.id.toLowerCase();
          const problem = id === '' ? (field.value.startsWith('env:OIS_') ? undefined : `must read \`env:${tokenEnvName('ID', kind)}\``) : checkTokenReference(field.value, id, kind);
          if (problem) ctx.report(`${FIELD_LABEL[key]}: ${problem}`, field.value === '' ? field.keyPosition : field.valuePosition);
        }
      }
    }
  },
};
