/**
 * The wake planner: what a push carried (its commits, their new entries and shared-file changes), the
 * registry in force and the team's wake policy in; the wake jobs out. Pure and total: no git, no clock,
 * no Gateway. after-push.ts feeds it and hands its jobs to the budget and the dispatcher.
 *
 * Guarantees (each pinned by test/unit/wake/plan.test.ts):
 * - peers are chosen by {@link choosePeers}: mentions (`@all`/`@所有人` wake every agent), mode `all`
 *   or `none`, shared files when the policy says so; `[AUTO]` entries (`--no-wake`) wake nobody; an
 *   entry never wakes its own author; `Kind: human` members are not agents and are never woken;
 * - the pusher (`self`) is never a peer; entries someone else wrote in its clone (a person through
 *   `ois web`) that concern it become one `own` job for its own Gateway (`ois.gateway`), if it has one;
 * - each job names exactly the commits that carry what it brings, so their notes record its outcome;
 *   the shared files those commits changed ride along even when they wake nobody by themselves.
 */
import type { WakePolicy } from '../config/team.js';
import type { Identity } from '../identity.js';
import type { Agent } from '../registry/types.js';
import type { CarriedCommit } from './carried.js';
import { choosePeers } from './choose.js';
import { ownTarget, targetOf, type WakeJob } from './job.js';
import { ownWake } from './own.js';

export interface WakePlanInput {
  /** What the push carried, oldest first (only commits that carried something). */
  commits: readonly CarriedCommit[];
  /** The registry in force at the pushed tip. */
  agents: readonly Agent[];
  /** The pusher: its id, and its own Gateway from the clone's git config. */
  self: Pick<Identity, 'id' | 'gateway'>;
  policy: Pick<WakePolicy, 'mode' | 'sharedFiles'>;
}

export interface WakePlan {
  /** One job per peer to wake, in registry order (the budget decides which are sent). */
  peers: Array<[peer: string, job: WakeJob]>;
  /** The wake of the pusher's own Gateway for entries others wrote in its clone (never budgeted). */
  own?: WakeJob;
}

/**
 * The wakes one push causes.
 *
 * @example
 * planWakes({ commits: [{ sha: 'c1', author: 'aria', entries: [bobMentioned], sharedFiles: [] }],
 *   agents, self: { id: 'aria' }, policy: { mode: 'mentions', sharedFiles: false } }).peers
 * // [['bob', { target: { id: 'bob', … }, self: false, wake: { entries: [bobMentioned], sharedFiles: [] }, commits: ['c1'] }]]
 */
export function planWakes(input: WakePlanInput): WakePlan {
  const { commits, agents, policy } = input;
  const entries = commits.flatMap((c) => c.entries);
  const changedSharedFiles = [...new Set(commits.flatMap((c) => c.sharedFiles))];
  const peers: WakePlan['peers'] = [];
  for (const [peerId, wake] of choosePeers({ entries, changedSharedFiles, agents, self: input.self.id, policy })) {
    const agent = agents.find((a) => a.id === peerId);
    if (agent === undefined) continue;
    const carrying = commits.filter((c) => c.entries.some((e) => wake.entries.includes(e)) || (wake.sharedFiles.length > 0 && c.sharedFiles.length > 0));
    const sharedFiles = wake.sharedFiles.length > 0 ? wake.sharedFiles : [...new Set(carrying.flatMap((c) => c.sharedFiles))];
    peers.push([peerId, { target: targetOf(agent), self: false, wake: { ...wake, sharedFiles }, commits: carrying.map((c) => c.sha) }]);
  }
  const own = ownWake(commits, agents, input.self.id, policy);
  const target = own && ownTarget(input.self, agents.find((a) => a.id === input.self.id));
  if (own === undefined || target === undefined) return { peers };
  return { peers, own: { target, self: true, local: true, wake: own.wake, commits: own.commits } };
}
