import type { Agent } from '../../core/registry/types.js';
import type { LogRecord } from '../log/tail.js';
import { fail, ok, warn, type CheckResult } from './types.js';

/** The last wake of a peer that this clone logged, if any. */
export interface LastWake {
  outcome: string;
  at: string;
}

/**
 * The last `wake` event per peer in the log (`.git/ois/ois.log`), newest wins. This is how doctor
 * learns whether `sessions_send` is allowed without sending one: `dryRun` is ignored by OpenClaw and a
 * probe would really deliver.
 */
export function lastWakes(records: readonly LogRecord[]): Map<string, LastWake> {
  const last = new Map<string, LastWake>();
  for (const record of records) {
    const peer = record.fields.peer;
    const outcome = record.fields.outcome;
    if (record.event !== 'wake' || typeof peer !== 'string' || typeof outcome !== 'string' || outcome === 'aborted') continue;
    last.set(peer.toLowerCase(), { outcome, at: record.at });
  }
  return last;
}

/**
 * Pure verdict for `wake-tool:<peer>`: whether the wake (sessions_send, or hooks) is known to work:
 * from the last wake in the log, or, in hooks mode, from the Gateway probe (`probed`), which reached
 * /hooks/wake with the token without waking anyone.
 */
export function judgeWakeTool(peer: Pick<Agent, 'id' | 'wake'>, last: LastWake | undefined, probed = false): CheckResult {
  const id = `wake-tool:${peer.id}`;
  const tool = peer.wake === 'hooks' ? '/hooks/wake' : 'sessions_send';
  const title = `${peer.id} allows ${tool}`;
  const result = (check: CheckResult): CheckResult => ({ ...check, peer: peer.id });
  if (last?.outcome === 'delivered') return result(ok(id, title, `the last wake (${last.at}) was delivered`));
  if (probed && peer.wake === 'hooks' && last?.outcome !== 'http-error') return result(ok(id, title, 'hooks are enabled and take the token (the Gateway probe)'));
  if (last?.outcome === 'tool-not-allowed') {
    return result(
      fail(id, title, `the last wake (${last.at}) got 404: ${peer.id}'s Gateway does not allow sessions_send over HTTP`, `${peer.id}'s owner must add "sessions_send" to gateway.tools.allow in ~/.openclaw/openclaw.json (applied live, no restart).`),
    );
  }
  const seen = last === undefined ? 'no wake of this peer in the log yet' : `the last wake (${last.at}) ended "${last.outcome}"`;
  const what =
    peer.wake === 'hooks'
      ? 'cannot verify /hooks/wake without waking'
      : 'cannot verify sessions_send without sending (OpenClaw ignores dryRun); a 404 on the first wake will say so';
  return result(warn(id, title, `${what}; ${seen}`, `Send a test wake with \`ois send ${peer.id} "doctor test"\` if you want to be sure.`));
}
