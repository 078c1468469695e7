/**
 * A wake job: whom to wake (a {@link WakeTarget}), with what, and the commits whose notes record the
 * outcome; how two jobs for the same peer fold into one while the first waits. Pure data and functions.
 */
import type { Identity } from '../identity.js';
import { DEFAULT_SESSION } from '../registry/fields.js';
import type { Agent } from '../registry/types.js';
import type { PeerWake } from './choose.js';

/** Where and how to call one Gateway: a registry agent's fields, or this agent's own from its git config. */
export type WakeTarget = Pick<Agent, 'id' | 'gateway' | 'session' | 'wake'> & Partial<Pick<Agent, 'token' | 'hooksToken'>>;

/** One queued wake: whom, with what, and the commits whose notes record the outcome. */
export interface WakeJob {
  target: WakeTarget;
  /** A wake of this agent's own Gateway: a catch-up (store-and-forward), or `local` entries. */
  self: boolean;
  /** Entries someone else (a person, through `ois web`) wrote in this clone, not a catch-up. */
  local?: boolean;
  wake: PeerWake;
  commits: string[];
  /** A line said before the entries: why they come late (a catch-up), or together (a digest). */
  notice?: string;
}

/**
 * Where and how to wake a registry agent (its Gateway, session, mode and token references).
 *
 * @example targetOf(bob) // { id: 'bob', gateway: 'http://…', session: 'agent:main:main', wake: 'invoke', token: 'env:OIS_TOKEN_BOB' }
 */
export function targetOf(agent: Agent): WakeTarget {
  const target: WakeTarget = { id: agent.id, gateway: agent.gateway, session: agent.session, wake: agent.wake };
  if (agent.token !== undefined) target.token = agent.token;
  if (agent.hooksToken !== undefined) target.hooksToken = agent.hooksToken;
  return target;
}

/**
 * Folds a newer wake into a pending one: entries (by id when they have one) and files without
 * duplicates, the newer target (the registry may have changed), every commit. The result is `local`
 * when both were (own entries written in this clone); a local wake folded with a catch-up is a
 * catch-up, so that the catch-up's bookkeeping settles its commits.
 *
 * @example mergeJobs(a, b).commits // [...a.commits, ...b.commits] without repeats
 */
export function mergeJobs(older: WakeJob, newer: WakeJob): WakeJob {
  const key = (e: PeerWake['entries'][number]): string => e.id ?? `${e.time}\0${e.name}\0${e.body}`;
  const ids = new Set(older.wake.entries.map(key));
  const entries = [...older.wake.entries, ...newer.wake.entries.filter((e) => !ids.has(key(e)))];
  const sharedFiles = [...new Set([...older.wake.sharedFiles, ...newer.wake.sharedFiles])];
  const commits = [...new Set([...older.commits, ...newer.commits])];
  const notices = [...new Set([older.notice, newer.notice].filter((n): n is string => n !== undefined))];
  const job: WakeJob = { target: newer.target, self: newer.self, wake: { entries, sharedFiles }, commits };
  if (older.local === true && newer.local === true) job.local = true;
  if (notices.length > 0) job.notice = notices.join(' ');
  return job;
}

/**
 * This agent's own Gateway: the URL from the clone's git config (`ois.gateway`), the session and wake
 * mode of its AGENTS.md section (defaults otherwise). Its token is keyed by its id like any peer's
 * (`OIS_TOKEN_<ID>`, else `ois token set <id>`). Undefined without `ois.gateway`.
 *
 * @example ownTarget({ id: 'hkh', name: 'HKH', gateway: 'http://127.0.0.1:18789' }, undefined)
 * // { id: 'hkh', gateway: 'http://127.0.0.1:18789', session: 'agent:main:main', wake: 'invoke' }
 */
export function ownTarget(identity: Pick<Identity, 'id' | 'gateway'>, agent: Agent | undefined): WakeTarget | undefined {
  if (identity.gateway === undefined || identity.gateway === '') return undefined;
  return { id: identity.id, gateway: identity.gateway, session: agent?.session ?? DEFAULT_SESSION, wake: agent?.wake ?? 'invoke' };
}
