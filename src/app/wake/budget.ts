import { join } from 'node:path';
import type { WakeBudget } from '../../core/config/team.js';
import { authorEmails } from '../../core/git/log.js';
import { writersOf } from '../../core/wake/admission.js';
import {
  admitWake,
  budgetActive,
  observeWriters,
  parseBudgetState,
  recordWake,
  takeDueDigests,
  type Admission,
  type BudgetState,
  type PeerBudget,
} from '../../core/wake/budget.js';
import type { Files, Git } from '../../ports/index.js';

/** `.git/ois/wake-budget.json`: the budget's state, and the last commit whose authors were observed. */
export const BUDGET_FILE = 'wake-budget.json';

interface StoredBudget extends BudgetState {
  seen?: string;
}

/**
 * The wake budget of one clone (docs/waking.md, "The wake budget"), persisted in
 * `.git/ois/wake-budget.json` so that one-shot commands (`ois say` without a watcher, `ois sync`) and
 * the watcher share it. Every change is a read-modify-write of that small file, one at a time in this
 * process; two processes racing may lose one count, never an entry (held commits are also noted in
 * git, and the receiver's catch-up delivers them in the end).
 */
export interface WakeBudgetStore {
  admit(peer: string, commits: readonly string[], now: Date): Promise<Admission>;
  /** A digest sent: counts like a wake. */
  record(peer: string, now: Date): Promise<void>;
  /** Reads who else wrote in the commits since the last call, up to `tip` (ends exchanges, lifts pauses). */
  observe(tip: string): Promise<void>;
  /** Takes the held wakes that may go out now. */
  takeDue(now: Date): Promise<Array<{ peer: string; held: NonNullable<PeerBudget['held']> }>>;
  read(): Promise<BudgetState>;
}

export function createBudgetStore(
  stateDir: string,
  git: Git,
  self: string,
  policy: () => WakeBudget,
  files: Pick<Files, 'readIfExists' | 'writeAtomic'>,
): WakeBudgetStore {
  const path = join(stateDir, BUDGET_FILE);
  let chain: Promise<unknown> = Promise.resolve();

  async function load(): Promise<StoredBudget> {
    const text = await files.readIfExists(path).catch(() => undefined);
    const state: StoredBudget = parseBudgetState(text);
    try {
      const seen = (JSON.parse(text ?? '{}') as { seen?: unknown }).seen;
      if (typeof seen === 'string' && /^[0-9a-f]{40,64}$/.test(seen)) state.seen = seen;
    } catch {
      // parseBudgetState already started afresh.
    }
    return state;
  }

  function update<T>(change: (state: StoredBudget) => Promise<{ state: StoredBudget; result: T }> | { state: StoredBudget; result: T }): Promise<T> {
    const run = chain.then(async () => {
      const before = await load();
      const { state, result } = await change(before);
      if (JSON.stringify(state) !== JSON.stringify(before)) await files.writeAtomic(path, `${JSON.stringify(state)}\n`);
      return result;
    });
    chain = run.catch(() => undefined);
    return run;
  }

  const keepSeen = (before: StoredBudget, state: BudgetState): StoredBudget => (before.seen === undefined ? state : { ...state, seen: before.seen });

  /** Who else wrote in `from..to`; undefined when git cannot tell (an unknown commit). */
  const writersBetween = (from: string, to: string): Promise<string[] | undefined> =>
    git.exec(authorEmails(`${from}..${to}`, 200)).then((emails) => writersOf(emails, self), () => undefined);

  return {
    admit: (peer, commits, now) =>
      update((before) => {
        const { state, admission } = admitWake(before, peer, commits, now.getTime(), policy());
        return { state: keepSeen(before, state), result: admission };
      }),
    record: (peer, now) => update((before) => ({ state: keepSeen(before, recordWake(before, peer, now.getTime(), policy())), result: undefined })),
    observe: (tip) =>
      update(async (before) => {
        if (before.seen === tip) return { state: before, result: undefined };
        // Nothing to end or lift: move the mark without reading history.
        if (before.seen === undefined || !budgetActive(before)) return { state: { ...before, seen: tip }, result: undefined };
        const authors = await writersBetween(before.seen, tip);
        const state = authors === undefined ? before : observeWriters(before, authors);
        return { state: { ...state, seen: tip }, result: undefined };
      }),
    takeDue: (now) =>
      update((before) => {
        const { state, due } = takeDueDigests(before, now.getTime());
        return { state: keepSeen(before, state), result: due };
      }),
    read: () => load(),
  };
}
