import type { Identity } from '../../core/identity.js';
import { fail, ok, type CheckResult } from './types.js';

/** Pure: whether the clone records who it writes as (`ois.id` in its git config). */
export function judgeIdentity(identity: Identity | undefined): CheckResult {
  if (identity) {
    const gateway = identity.gateway ? `, Gateway ${identity.gateway}` : ', no own Gateway (ois.gateway unset: missed wakes cannot be caught up)';
    return ok('identity', 'identity', `${identity.id} (${identity.name})${gateway}`);
  }
  return fail(
    'identity',
    'identity',
    'this clone has no ois identity (git config ois.id is unset)',
    'Run `git config ois.id ID && git config ois.name NAME` in this clone (or set it up with `ois join`).',
  );
}
