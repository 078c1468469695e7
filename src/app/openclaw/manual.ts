import type { Identity } from '../../core/identity.js';
import { MIN_OPENCLAW } from '../../core/openclaw/config.js';
import type { WakeMode } from '../../core/registry/types.js';

/**
 * What to do by hand when OpenClaw cannot be driven from here (not installed, too old): the same
 * changes `ois openclaw setup` makes, in OpenClaw's own terms.
 */
export function manualSteps(identity: Identity, mode: WakeMode): string[] {
  const steps = [
    `Install OpenClaw ${MIN_OPENCLAW} or newer (\`npm install -g openclaw\`, on Node 24), then run \`ois openclaw setup\` again. Or, by hand:`,
    'Save the skill that `ois openclaw setup --dry-run` prints as skills/ois/SKILL.md in your agent\'s workspace (~/.openclaw/workspace unless agents.defaults.workspace says otherwise), or `openclaw skills install DIR` a folder holding it.',
  ];
  if (mode === 'hooks') {
    steps.push(
      'Enable hooks with a long random token of their own (not the gateway token): `openssl rand -hex 32`, then `openclaw config patch --stdin` with {"hooks":{"enabled":true,"token":"THAT_TOKEN"}}.',
      `Store it for your own catch-up wakes: \`printf %s THAT_TOKEN | ois token set ${identity.id} --hooks\`, and hand it to your teammates (each runs the same command).`,
    );
  } else {
    steps.push(
      'Add "sessions_send" to gateway.tools.allow in openclaw.json (keep what is there), e.g. `openclaw config set gateway.tools.allow \'["sessions_send"]\' --strict-json` when the list is empty.',
      `Store your gateway token for your own catch-up wakes: \`ois token set ${identity.id}\`.`,
    );
  }
  return steps;
}
