import { completes, cutShort, normalise, reopens, sameText, similar } from './edit.js';
import { entryHold } from './hold.js';
import { joinContinuation } from './continuation.js';
import { eolOf, headingLine } from './lines.js';
import { keyItems, pairEdits, type Item } from './merge-identity.js';
import { byKey, layout } from './merge-slots.js';
import { isOwnEntry } from './own.js';
import { parseChatLog } from './parse.js';
import type { ChatEntry, ChatLog, Member } from './types.js';

export interface GuardInput {
  /** The day file as committed (HEAD); undefined when the file is new. */
  committed: string | undefined;
  /** The working file; undefined when it was deleted. */
  working: string | undefined;
  /** Who this clone writes as: "own" entries are this member's. */
  self: Member;
  /** The last entry has no closing `---` and has been quiet long enough to be committed as it is. */
  incompleteQuiet: boolean;
}

/**
 * - `restored`: a committed entry (or the title) was missing from the working file and is put back;
 * - `kept-original`: an edit to another member's entry (or to the title) is not committed;
 * - `held`: a new or corrected entry is not committed (a secret, a malformed entry);
 * - `waiting`: the last entry has no closing `---` yet;
 * - `joined`: text written after another member's entry continues this member's open entry and is moved onto it.
 */
export type GuardNoticeKind = 'restored' | 'kept-original' | 'held' | 'waiting' | 'joined';

export interface GuardNotice {
  kind: GuardNoticeKind;
  /** The entry's heading line as written (`## 14:32 - HKH`), or `the title` for the text before the first entry. */
  heading: string;
  /** Where: in the working file as the agent wrote it, or for `restored` in the working file as restored. */
  line: number;
  column: number;
  /** What happened and what to do, in words (never the secret). */
  message: string;
  /** `kept-original`: the edited text, for the caller to keep aside. */
  edited?: string;
}

export interface GuardResult {
  /** The text to commit; undefined: nothing to commit for this file. */
  commit?: string;
  /** What the working file must become (entries restored, refused edits undone); undefined: leave it as it is. */
  working?: string;
  notices: GuardNotice[];
}

type Verdict = 'same' | 'edit' | 'held-edit' | 'refused' | 'new' | 'held';

/**
 * The entry-aware commit of one day file (pure): compares the working file with the committed one
 * entry by entry and decides what to commit and what the working file must become.
 * - entries that vanished (a whole-file rewrite, a stale read-modify-write, a deleted file) are
 *   restored in their place; the agent's new entries are kept, after them, in the order written;
 * - an edit to another member's entry is not committed: the original stays (in the commit and in the
 *   working file) and the edit is returned in a `kept-original` notice. The agent's own entries (see
 *   isOwnEntry) may be corrected (a hand-written one only by a small edit: see pairedEdits), and
 *   anyone may complete an entry that had no closing `---` (an append);
 * - a trailing entry without its `---` waits until it is complete or `incompleteQuiet`;
 * - an entry that had its `---` never loses it, not even by its author (a stale copy written back): as
 *   the last entry it waits like a fragment, then the committed version is put back, the cut one kept aside;
 * - text appended after another member's complete last entry, while this member's last entry is still
 *   open (its first step was committed when quiet, peers wrote after it), completes that open entry in
 *   its place (see joinContinuation);
 * - a new or corrected entry with a secret or a broken metadata comment is held back alone: the rest of
 *   the file is committed, the entry stays in the working file (see entryHold).
 * When nothing is wrong the commit is the working text itself, byte for byte.
 *
 * @example
 * const c = '# 2026-11-23 Chat Log\n\n## 10:00 - HKH\n\nmorning\n\n---\n';
 * guardChatLog({ committed: c, working: '## 10:05 - ARIA\n\nhi\n\n---\n', self: { id: 'aria', name: 'ARIA' }, incompleteQuiet: false }).commit
 * // c + '\n## 10:05 - ARIA\n\nhi\n\n---\n' (HKH's entry and the title restored, ARIA's entry after them)
 */
export function guardChatLog(input: GuardInput): GuardResult {
  const c = parseChatLog(input.committed ?? '');
  const w = parseChatLog(input.working ?? '');
  const joined = input.committed === undefined || input.working === undefined ? undefined : joinContinuation(c, w, input.working, input.self);
  if (joined === undefined) return guardText(input, c, w);
  const result = guardText({ ...input, working: joined.working }, c, parseChatLog(joined.working));
  const notice: GuardNotice = {
    kind: 'joined',
    heading: joined.heading,
    line: joined.line,
    column: 1,
    message: `the text written after "${joined.after}", the last entry, continues this entry, which had no closing \`---\`: it is moved onto it`,
  };
  return { ...result, working: result.working ?? joined.working, notices: [notice, ...result.notices] };
}

/** The guard proper, over the committed and working texts parsed (`c`, `w`). */
function guardText(input: GuardInput, c: ChatLog, w: ChatLog): GuardResult {
  const working = input.working ?? '';
  const committedItems = keyItems(c.entries);
  const committedByKey = byKey(committedItems);
  const workingItems = pairedEdits(committedItems, keyItems(w.entries), committedByKey, input.self);
  const notices: GuardNotice[] = [];
  const verdicts = judgeEntries(input, w, workingItems, committedByKey, notices);
  const present = new Set(workingItems.map((item) => item.key));
  const vanished = committedItems.filter((item) => !present.has(item.key));
  const title = input.committed === undefined ? 'same' : judgeTitle(c.preamble, w.preamble);
  const refused = [...verdicts.values()].includes('refused');
  const consistent = vanished.length === 0 && title === 'same' && !refused && appendedOnly(committedItems, workingItems);
  const held = [...verdicts.values()].some((v) => v === 'held' || v === 'held-edit');
  if (consistent && !held) return finish(input.committed, working, undefined, notices);
  const eol = eolOf(working || input.committed || '');
  const asWorking = (raw: string): string => (eol === '\r\n' ? raw.replace(/\r?\n/g, '\r\n') : raw);
  if (title === 'lost') notices.push(titleNotice('restored', 'the text before the first entry was missing from the working file'));
  if (title === 'edited') notices.push(titleNotice('kept-original', 'the text before the first entry belongs to no one: the original stays, the edit is kept aside', w.preamble));
  const preamble = title === 'same' ? w.preamble : asWorking(c.preamble);
  if (consistent) {
    // Only holds: the working file stays as written, the commit leaves the held parts out.
    const raws = workingItems.flatMap((item) => {
      const verdict = verdicts.get(item.key);
      if (verdict === 'held') return [];
      return [verdict === 'held-edit' ? asWorking(committedByKey.get(item.key)?.entry.raw ?? '') : item.entry.raw];
    });
    return finish(input.committed, render(preamble, raws, eol), undefined, notices, workingItems.length > 0 && raws.length === 0);
  }
  const workingByKey = byKey(workingItems);
  const fresh = workingItems.filter((item) => !committedByKey.has(item.key));
  const versions = committedItems.map((item) => {
    const now = workingByKey.get(item.key)?.entry.raw ?? '';
    const verdict = verdicts.get(item.key);
    const original = asWorking(item.entry.raw);
    return { commit: verdict === 'edit' ? now : original, working: verdict === 'edit' || verdict === 'held-edit' ? now : original };
  });
  const commitRaws = [...versions.map((v) => v.commit), ...fresh.filter((item) => verdicts.get(item.key) === 'new').map((item) => item.entry.raw)];
  const next = render(preamble, [...versions.map((v) => v.working), ...fresh.map((item) => item.entry.raw)], eol);
  notices.push(...restoredNotices(vanished, next));
  return finish(input.committed, render(preamble, commitRaws, eol), next === working ? undefined : next, notices, commitRaws.length === 0 && fresh.length > 0);
}

/**
 * The working entries keyed like the committed ones. A hand-written entry has no id, so an edit shows as
 * an entry gone and one new with the same heading in the same place (pairEdits); that is believed only
 * when the new text completes the old, is its beginning (a cut: see cutShort), or stays close to it (a correction). Otherwise, say two messages
 * in the same minute after a whole-file rewrite, they are two entries: the old one is restored.
 */
function pairedEdits(committed: readonly Item[], natural: readonly Item[], byKeyOf: ReadonlyMap<string, Item>, self: Member): Item[] {
  return pairEdits(committed, natural).map((item, index) => {
    const unpaired = natural[index] as Item;
    const old = byKeyOf.get(item.key)?.entry;
    // Another member's entry stays paired: its edit is refused, and kept aside (never a new entry in its name).
    if (item.key === unpaired.key || !old || !isOwnEntry(old, self) || completes(old, item.entry) || cutShort(old, item.entry) || similar(old.body, item.entry.body)) return item;
    return unpaired;
  });
}

function judgeEntries(input: GuardInput, w: ChatLog, items: readonly Item[], committed: ReadonlyMap<string, Item>, notices: GuardNotice[]): Map<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  const idCount = new Map<string, number>();
  items.forEach((item, index) => {
    const repeatedId = item.entry.id !== undefined && (idCount.get(item.entry.id) ?? 0) > 0;
    if (item.entry.id !== undefined) idCount.set(item.entry.id, (idCount.get(item.entry.id) ?? 0) + 1);
    const old = committed.get(item.key)?.entry;
    const heading = headingLine(item.entry);
    const at = item.entry.position.start;
    if (old && sameText(old.raw, item.entry.raw)) return verdicts.set(item.key, 'same');
    if (old && !isOwnEntry(old, input.self) && !completes(old, item.entry)) {
      notices.push({
        kind: 'kept-original',
        heading,
        line: at.line,
        column: 1,
        message: `only its author (${old.name}) changes an entry: the original stays, the edit is kept aside`,
        edited: item.entry.raw,
      });
      return verdicts.set(item.key, 'refused');
    }
    if (old && reopens(old, item.entry)) {
      // A complete entry never loses its `---` (a stale copy, a cut), not even by its author (another
      // member's edit is refused above). As the last entry it may be an edit in two steps: it waits (the
      // commit keeps the original) until it is closed again or quiet.
      if (index === items.length - 1 && !input.incompleteQuiet) {
        notices.push({ kind: 'waiting', heading, line: at.line, column: 1, message: 'the entry lost its closing `---`: the edit is committed once the entry is closed again; if the file stays quiet for a few seconds, the entry as committed is put back and the edit kept aside' });
        return verdicts.set(item.key, 'held-edit');
      }
      notices.push({
        kind: 'kept-original',
        heading,
        line: at.line,
        column: 1,
        message: 'the entry lost its closing `---` (a stale copy written back?): the entry as committed stays, the cut version is kept aside',
        edited: item.entry.raw,
      });
      return verdicts.set(item.key, 'refused');
    }
    if (!old && index === items.length - 1 && !item.entry.closed && !input.incompleteQuiet) {
      notices.push({ kind: 'waiting', heading, line: at.line, column: 1, message: 'no closing `---` yet: the entry is committed once complete, or once the file has been quiet for a few seconds' });
      return verdicts.set(item.key, 'held');
    }
    const hold = entryHold(item.entry, w.problems, repeatedId);
    if (hold) {
      const what = old ? 'the correction is not committed, the entry stays as it was' : 'this entry only, the rest of the file is committed';
      notices.push({ kind: 'held', heading, line: hold.line, column: hold.column, message: `${hold.message} (${what})` });
      return verdicts.set(item.key, old ? 'held-edit' : 'held');
    }
    return verdicts.set(item.key, old ? 'edit' : 'new');
  });
  return verdicts;
}

function finish(committed: string | undefined, commit: string, working: string | undefined, notices: GuardNotice[], nothingNew = false): GuardResult {
  // Nothing to commit when the entries are those committed (a held entry must not commit a blank-line change),
  // and a new file whose every entry is held back is not created in git with its title alone.
  const skip = committed === undefined ? nothingNew : commit === committed || sameEntries(committed, commit);
  return { ...(skip ? {} : { commit }), ...(working === undefined ? {} : { working }), notices };
}

function sameEntries(a: string, b: string): boolean {
  const [x, y] = [parseChatLog(a), parseChatLog(b)];
  if (normalise(x.preamble) !== normalise(y.preamble) || x.entries.length !== y.entries.length) return false;
  return x.entries.every((entry, index) => sameText(entry.raw, y.entries[index]?.raw ?? ''));
}

/** Whether the working file holds the committed entries in their order, and its new entries only after them. */
function appendedOnly(committed: readonly Item[], working: readonly Item[]): boolean {
  const keys = new Set(committed.map((item) => item.key));
  const kept = working.filter((item) => keys.has(item.key));
  const firstNew = working.findIndex((item) => !keys.has(item.key));
  if (firstNew !== -1 && working.slice(firstNew).some((item) => keys.has(item.key))) return false;
  return kept.every((item, index) => item.key === committed[index]?.key);
}

function judgeTitle(committed: string, working: string): 'same' | 'lost' | 'edited' {
  if (normalise(committed) === normalise(working)) return 'same';
  return working.trim() === '' ? 'lost' : 'edited';
}

function titleNotice(kind: 'restored' | 'kept-original', message: string, edited?: string): GuardNotice {
  return { kind, heading: 'the title', line: 1, column: 1, message, ...(edited === undefined ? {} : { edited }) };
}

function restoredNotices(vanished: readonly Item[], next: string): GuardNotice[] {
  if (vanished.length === 0) return [];
  const keys = new Set(vanished.map((item) => item.key));
  const placed = keyItems(parseChatLog(next).entries).filter((item) => keys.has(item.key));
  return placed.map((item) => ({
    kind: 'restored',
    heading: headingLine(item.entry),
    line: item.entry.position.start.line,
    column: 1,
    message: `the entry was missing from the working file (rewritten without it?): chat logs are append-only`,
  }));
}

function render(preamble: string, raws: readonly string[], eol: string): string {
  // A preamble without entries after it may end without a line ending (a file that holds only its title).
  const head = raws.length > 0 && preamble !== '' && !preamble.endsWith('\n') ? preamble + eol + eol : preamble;
  return head + raws.map((raw, index) => layout(raw, index === raws.length - 1, eol)).join('');
}
