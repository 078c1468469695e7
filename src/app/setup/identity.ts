import type { Git } from '../../adapters/git.js';
import { OisError } from '../../core/errors.js';
import { isValidId, type Identity } from '../../core/identity.js';

/** Checks an identity given on the command line. */
export function validateIdentity(identity: Identity): Identity {
  if (!isValidId(identity.id)) {
    throw new OisError('USAGE', `"${identity.id}" is not a valid agent id`, {
      hint: 'Use lower-case ASCII letters, digits and "-", starting with a letter or digit (for example "aria").',
    });
  }
  if (identity.gateway !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(identity.gateway);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      throw new OisError('USAGE', `"${identity.gateway}" is not a Gateway URL`, {
        hint: 'Give the base URL of your OpenClaw Gateway, for example http://127.0.0.1:18789.',
      });
    }
  }
  return identity;
}

/** Records who this clone writes as, in the clone's own git config (never a tracked file). */
export async function recordIdentity(git: Git, identity: Identity): Promise<void> {
  await git.run(['config', '--local', 'ois.id', identity.id]);
  await git.run(['config', '--local', 'ois.name', identity.name]);
  if (identity.gateway) await git.run(['config', '--local', 'ois.gateway', identity.gateway]);
}
