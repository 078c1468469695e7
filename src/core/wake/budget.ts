import type { WakeBudget } from '../config/team.js';

/**
 * The wake budget: how often this clone may wake one peer, so that two eager agents cannot wake each
 * other forever (each wake is a paid model turn). Modelled on OpenClaw's bot-loop protection (20
 * events per bot pair per 60 s, then a 60 s cooldown), with lower defaults, plus a bound on long
 * two-agent exchanges. Pure: the state goes in and comes out; the caller persists it
 * (`.git/ois/wake-budget.json`) and sends the wakes. Entries are never dropped: a held wake's commits
 * are kept here and go out in one digest wake when the pair may be woken again.
 *
 * - **Burst**: at most `pairWakes` wakes of a peer within `windowMs`; the next one starts a cooldown of
 *   `cooldownMs`, during which the peer's wakes are held.
 * - **Exchange**: a round is a wake of the peer after the peer wrote (an answer to an answer), each
 *   within `exchangeGapMs` of the last; after `exchangeRounds` rounds with nobody else writing, the
 *   pair's wakes pause for `exchangePauseMs`, or until a third member writes.
 */
export type HoldReason = 'burst' | 'exchange';

/** What this clone remembers about waking one peer. Times are ms since the epoch. */
export interface PeerBudget {
  /** Wakes sent within the current window, oldest first. */
  sent: number[];
  cooldownUntil?: number;
  /** The running exchange with this peer: rounds so far, the last wake, whether the peer wrote since. */
  exchange?: { rounds: number; lastAt: number; answered: boolean };
  pausedUntil?: number;
  /** Wakes held back: their commits (for the digest), how many, since when and why. */
  held?: { reason: HoldReason; since: number; wakes: number; commits: string[] };
}

export interface BudgetState {
  /** By lower-case peer id. */
  peers: Record<string, PeerBudget>;
}

export type Admission = { send: true } | { send: false; reason: HoldReason; until: number; started: boolean };

export const EMPTY_BUDGET: BudgetState = { peers: {} };

/**
 * Whether a wake of `peer` carrying `commits` may be sent now. Sending records it; holding adds the
 * commits to the peer's held digest (`started` is true for the wake that began the hold: the moment to
 * log it once).
 *
 * @example
 * admitWake(EMPTY_BUDGET, 'hkh', ['c1'], 0, policy).admission // { send: true }
 */
export function admitWake(state: BudgetState, peer: string, commits: readonly string[], now: number, policy: WakeBudget): { state: BudgetState; admission: Admission } {
  const next = copy(state);
  if (!policy.enabled) return { state: next, admission: { send: true } };
  const id = peer.toLowerCase();
  const budget = release(next.peers[id] ?? { sent: [] }, now);
  next.peers[id] = budget;
  budget.sent = budget.sent.filter((at) => now - at < policy.windowMs);
  const hold = (reason: HoldReason, until: number): { state: BudgetState; admission: Admission } => {
    const started = budget.held === undefined;
    const held = budget.held ?? { reason, since: now, wakes: 0, commits: [] };
    held.wakes += 1;
    for (const sha of commits) if (!held.commits.includes(sha)) held.commits.push(sha);
    budget.held = held;
    return { state: next, admission: { send: false, reason: held.reason, until, started } };
  };
  if (budget.cooldownUntil !== undefined) return hold('burst', budget.cooldownUntil);
  if (budget.pausedUntil !== undefined) return hold('exchange', budget.pausedUntil);
  if (budget.sent.length >= policy.pairWakes) {
    budget.cooldownUntil = now + policy.cooldownMs;
    return hold('burst', budget.cooldownUntil);
  }
  const exchange = live(budget.exchange, now, policy);
  if (exchange !== undefined && exchange.answered && exchange.rounds >= policy.exchangeRounds) {
    budget.pausedUntil = now + policy.exchangePauseMs;
    return hold('exchange', budget.pausedUntil);
  }
  record(budget, now, policy);
  return { state: next, admission: { send: true } };
}

/**
 * Records a wake sent outside {@link admitWake} (a digest): it counts like any other.
 *
 * @example recordWake(state, 'hkh', 1000, policy).peers.hkh?.sent // [..., 1000]
 */
export function recordWake(state: BudgetState, peer: string, now: number, policy: WakeBudget): BudgetState {
  const next = copy(state);
  if (!policy.enabled) return next;
  const id = peer.toLowerCase();
  const budget = next.peers[id] ?? { sent: [] };
  budget.sent = budget.sent.filter((at) => now - at < policy.windowMs);
  record(budget, now, policy);
  next.peers[id] = budget;
  return next;
}

/**
 * What this clone saw others write (the authors of commits it pulled, never its own): a peer's own
 * writing makes the next wake of it a new round of their exchange; anyone else's writing ends every
 * other peer's exchange and lifts its pause (its held wakes become due).
 *
 * @example observeWriters(state, ['cleo']) // exchanges with everyone but cleo restart
 */
export function observeWriters(state: BudgetState, authors: readonly string[]): BudgetState {
  const next = copy(state);
  const writers = new Set(authors.map((a) => a.toLowerCase()));
  if (writers.size === 0) return next;
  for (const [id, budget] of Object.entries(next.peers)) {
    if (writers.has(id) && budget.exchange !== undefined) budget.exchange.answered = true;
    if ([...writers].some((writer) => writer !== id)) {
      delete budget.exchange;
      delete budget.pausedUntil;
    }
  }
  return next;
}

/**
 * The peers whose held wakes may go out now (cooldown over, pause over or lifted), with the state
 * after taking them: each peer's held commits are removed and returned, to be sent as one digest.
 *
 * @example takeDueDigests(state, now).due // [{ peer: 'hkh', held: { reason: 'burst', wakes: 3, … } }]
 */
export function takeDueDigests(state: BudgetState, now: number): { state: BudgetState; due: Array<{ peer: string; held: NonNullable<PeerBudget['held']> }> } {
  const next = copy(state);
  const due: Array<{ peer: string; held: NonNullable<PeerBudget['held']> }> = [];
  for (const [id, budget] of Object.entries(next.peers)) {
    const released = release(budget, now);
    next.peers[id] = released;
    if (released.held === undefined || released.cooldownUntil !== undefined || released.pausedUntil !== undefined) continue;
    due.push({ peer: id, held: released.held });
    delete released.held;
  }
  return { state: next, due };
}

/** A held pair as `ois status` shows it. */
export interface HeldPair {
  peer: string;
  reason: HoldReason;
  /** ISO time the pair may be woken again (the digest goes out then, or when a third member writes). */
  until: string;
  /** ISO time the first held wake was due. */
  since: string;
  /** Wakes held back so far (folded into one digest). */
  wakes: number;
}

/**
 * The pairs held right now, for `ois status`.
 *
 * @example heldPairs(state, now) // [{ peer: 'hkh', reason: 'exchange', until: '…', since: '…', wakes: 2 }]
 */
export function heldPairs(state: BudgetState, now: number): HeldPair[] {
  const pairs: HeldPair[] = [];
  for (const [peer, budget] of Object.entries(state.peers)) {
    const until = budget.cooldownUntil ?? budget.pausedUntil;
    if (budget.held === undefined) continue;
    const reason = budget.cooldownUntil !== undefined ? 'burst' : budget.pausedUntil !== undefined ? 'exchange' : budget.held.reason;
    pairs.push({ peer, reason, until: new Date(Math.max(until ?? now, now)).toISOString(), since: new Date(budget.held.since).toISOString(), wakes: budget.held.wakes });
  }
  return pairs;
}

/**
 * Why a pair is held, in one sentence naming the knob.
 *
 * @example describeHold('burst', DEFAULT_WAKE_BUDGET) // '10 wakes within 60 s (wake.budget.pairWakes)'
 */
export function describeHold(reason: HoldReason, policy: WakeBudget): string {
  if (reason === 'burst') return `${policy.pairWakes} wakes within ${seconds(policy.windowMs)} (wake.budget.pairWakes)`;
  return `${policy.exchangeRounds} rounds of answers between the two with nobody else writing (wake.budget.exchangeRounds)`;
}

/**
 * The log line when a pair's hold begins: who, why, and when the digest goes out.
 *
 * @example holdSentence('hkh', 'burst', Date.parse('2026-11-23T10:03:00Z'), policy)
 * // 'holding the wakes of hkh: 10 wakes within 60 s (wake.budget.pairWakes); they go out as one digest wake at 10:03:00 UTC'
 */
export function holdSentence(peer: string, reason: HoldReason, until: number, policy: WakeBudget): string {
  const when = `${new Date(until).toISOString().slice(11, 19)} UTC`;
  const or = reason === 'exchange' ? ', or as soon as another member writes' : '';
  return `holding the wakes of ${peer}: ${describeHold(reason, policy)}; they go out as one digest wake at ${when}${or}`;
}

/**
 * The notice a digest wake starts with: how many wakes were folded into it, since when, and why.
 *
 * @example digestNotice({ reason: 'burst', since: Date.parse('2026-11-23T10:02:00Z'), wakes: 3, commits: [] }, policy)
 * // 'These entries come together in one wake: 3 wakes were held back since 10:02 UTC by the team\'s wake budget (10 wakes within 60 s (wake.budget.pairWakes)).'
 */
export function digestNotice(held: Pick<NonNullable<PeerBudget['held']>, 'reason' | 'since' | 'wakes'>, policy: WakeBudget): string {
  const since = `${new Date(held.since).toISOString().slice(11, 16)} UTC`;
  const wakes = held.wakes === 1 ? '1 wake was' : `${held.wakes} wakes were`;
  return `These entries come together in one wake: ${wakes} held back since ${since} by the team's wake budget (${describeHold(held.reason, policy)}).`;
}

/**
 * A budget state read back from JSON, checked field by field (a damaged file starts afresh, never throws).
 *
 * @example parseBudgetState('{"peers":{}}') // { peers: {} }
 */
export function parseBudgetState(text: string | undefined): BudgetState {
  if (text === undefined) return { peers: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { peers: {} };
  }
  const peers: Record<string, PeerBudget> = {};
  const source = isRecord(raw) && isRecord(raw.peers) ? raw.peers : {};
  for (const [id, value] of Object.entries(source)) {
    if (!isRecord(value)) continue;
    const budget: PeerBudget = { sent: Array.isArray(value.sent) ? value.sent.filter(isNumber) : [] };
    if (isNumber(value.cooldownUntil)) budget.cooldownUntil = value.cooldownUntil;
    if (isNumber(value.pausedUntil)) budget.pausedUntil = value.pausedUntil;
    const ex = value.exchange;
    if (isRecord(ex) && isNumber(ex.rounds) && isNumber(ex.lastAt)) budget.exchange = { rounds: ex.rounds, lastAt: ex.lastAt, answered: ex.answered === true };
    const held = value.held;
    if (isRecord(held) && (held.reason === 'burst' || held.reason === 'exchange') && isNumber(held.since) && isNumber(held.wakes) && Array.isArray(held.commits)) {
      budget.held = { reason: held.reason, since: held.since, wakes: held.wakes, commits: held.commits.filter((c): c is string => typeof c === 'string') };
    }
    peers[id.toLowerCase()] = budget;
  }
  return { peers };
}

/** Whether anything needs watching: a held wake, a cooldown, a pause or a running exchange. */
export function budgetActive(state: BudgetState): boolean {
  return Object.values(state.peers).some((b) => b.held !== undefined || b.cooldownUntil !== undefined || b.pausedUntil !== undefined || b.exchange !== undefined);
}

function record(budget: PeerBudget, now: number, policy: WakeBudget): void {
  budget.sent.push(now);
  const exchange = live(budget.exchange, now, policy);
  if (exchange === undefined) budget.exchange = { rounds: 1, lastAt: now, answered: false };
  else budget.exchange = { rounds: exchange.answered ? exchange.rounds + 1 : exchange.rounds, lastAt: now, answered: false };
}

/** The exchange if its last wake was within the gap. */
function live(exchange: PeerBudget['exchange'], now: number, policy: WakeBudget): PeerBudget['exchange'] {
  return exchange !== undefined && now - exchange.lastAt <= policy.exchangeGapMs ? exchange : undefined;
}

/** Ends a cooldown or pause that is over: a new window, a fresh exchange. */
function release(budget: PeerBudget, now: number): PeerBudget {
  if (budget.cooldownUntil !== undefined && now >= budget.cooldownUntil) {
    delete budget.cooldownUntil;
    budget.sent = [];
  }
  if (budget.pausedUntil !== undefined && now >= budget.pausedUntil) {
    delete budget.pausedUntil;
    delete budget.exchange;
  }
  return budget;
}

function copy(state: BudgetState): BudgetState {
  return structuredClone(state);
}

function seconds(ms: number): string {
  return ms % 60_000 === 0 && ms >= 120_000 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
