import { oneLine } from '../../core/safe-text.js';
import { BOUNDARY_BYTES, boundaryFrom } from '../../core/wake/boundary.js';
import type { WakeJob } from '../../core/wake/job.js';
import { buildWakeMessage } from '../../core/wake/message.js';
import type { WakeOutcome } from '../../core/wake/outcome.js';
import type { TeamConfig } from '../../core/config/team.js';
import type { Git, Random } from '../../ports/index.js';
import { whoMoved } from '../in-force/moved.js';
import { trustOwnGateway } from './wake-job.js';
import { wakePeer, type WakePeerDeps } from './wake-peer.js';

export interface SendWakeDeps extends WakePeerDeps {
  git: Git;
  config: Pick<TeamConfig, 'team' | 'wake'>;
  random: Pick<Random, 'bytes'>;
}

/**
 * The dispatcher's `send` for wake jobs: frames the job's entries into one wake text (a fresh random
 * boundary each time, the job's notice first), trusts the own Gateway for this agent's own wakes and
 * the pinned one for peers, and explains a refused move of a peer's Gateway by the commit and author
 * that changed its URL in AGENTS.md (DESIGN.md section 6). Never throws (wakePeer does not).
 *
 * @example createWakeDispatcher({ send: sendWake(deps), … })
 */
export function sendWake(deps: SendWakeDeps): (peerId: string, job: WakeJob, signal: AbortSignal) => Promise<WakeOutcome> {
  async function explainMove(outcome: WakeOutcome, gateway: string): Promise<WakeOutcome> {
    if (outcome.kind !== 'not-sent' || outcome.code !== 'UNTRUSTED_GATEWAY') return outcome;
    const who = await whoMoved(deps.git, 'HEAD', gateway).catch(() => undefined);
    if (who === undefined) return outcome;
    return { ...outcome, message: `${outcome.message} (AGENTS.md changed by commit ${who.commit.slice(0, 8)}, ${oneLine(who.author)})` };
  }

  return (_peerId, job, signal) => {
    const options = { boundary: boundaryFrom(deps.random.bytes(BOUNDARY_BYTES)), ...(job.notice === undefined ? {} : { notice: job.notice }) };
    const message = buildWakeMessage(deps.config.team ?? 'team', job.wake, deps.config.wake.maxMessageBytes, options);
    const trust = job.self ? trustOwnGateway(job.target.gateway) : deps.trust;
    const outcome = wakePeer({ client: deps.client, tokens: deps.tokens, trust, env: deps.env }, { peer: job.target, message, signal });
    return job.self ? outcome : outcome.then((o) => explainMove(o, job.target.gateway));
  };
}
