import type { Git } from '../../adapters/git.js';
import { configGet, configSet } from '../../core/git/config.js';
import { OisError } from '../../core/errors.js';
import { agentEmail, isValidId, type Identity } from '../../core/identity.js';

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
  await git.exec(configSet('ois.id', identity.id));
  await git.exec(configSet('ois.name', identity.name));
  if (identity.gateway) await git.exec(configSet('ois.gateway', identity.gateway));
}

/**
 * Gives the clone a committer identity for commits made by hand (`git merge` of a join branch, a
 * fix-up commit) when git has none for it: user.name and user.email in the clone's own config, set
 * to the agent's name and its `.invalid` address, only when no config level (system, global, local)
 * sets them. Returns the keys it set.
 */
export async function ensureCommitter(git: Git, identity: Identity): Promise<string[]> {
  const wanted: Array<[string, string]> = [
    ['user.name', identity.name],
    ['user.email', agentEmail(identity.id)],
  ];
  const set: string[] = [];
  for (const [key, value] of wanted) {
    const current = (await git.exec(configGet(key)).catch(() => undefined))?.trim() ?? '';
    if (current !== '') continue;
    await git.exec(configSet(key, value));
    set.push(key);
  }
  return set;
}
