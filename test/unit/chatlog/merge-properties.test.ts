import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendEntry, formatDayTitle, formatEntry } from '../../../src/core/chatlog/format.js';
import { guardChatLog } from '../../../src/core/chatlog/guard.js';
import { mergeChatLogs } from '../../../src/core/chatlog/merge.js';
import { mergeOntoRemote } from '../../../src/core/chatlog/merge-onto.js';
import { timeOfDay } from '../../../src/core/chatlog/merge-order.js';
import { parseChatLog } from '../../../src/core/chatlog/parse.js';

const NAMES = [
  ['aria', 'ARIA ⚔️'],
  ['hkh', 'HKH'],
  ['xm', '小明 🐉'],
  ['kit', '🦊 Kitsune'],
] as const;
const WORDS = ['ok', 'On it.', '收到 👍', '@aria', '---', '```\ncode\n```', 'line\nline', '## not a heading', '> quote'];

interface Spec {
  ois: boolean;
  ms: number;
  who: number;
  words: string[];
}

const specArb = fc.record({
  ois: fc.boolean(),
  ms: fc.integer({ min: 0, max: 86_399_999 }),
  who: fc.integer({ min: 0, max: NAMES.length - 1 }),
  words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
});

/** One entry's text; `n` makes each entry distinct (ids, and hand-written bodies). */
function render(spec: Spec, n: number, edit = ''): string {
  const [author, name] = NAMES[spec.who] ?? NAMES[0];
  const at = new Date(Date.UTC(2026, 10, 23) + spec.ms).toISOString();
  const body = `${spec.words.join('\n\n')}\n\nnumber ${n}${edit}`;
  if (spec.ois) return formatEntry({ id: `id${String(n).padStart(6, '0')}`, at, author, name, body });
  return `## ${at.slice(11, 16)} - ${name}\n\n${body}\n\n---\n`;
}

function file(entries: readonly string[], crlf: boolean): string {
  const text = entries.reduce<string>((acc, e) => appendEntry(acc, e), formatDayTitle('2026-11-23'));
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** A random history: a common base, then each side appends some of the later entries and may edit one ois entry. */
const historyArb = fc
  .record({
    specs: fc.array(specArb, { minLength: 1, maxLength: 14 }),
    baseSize: fc.nat(),
    oursPick: fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }),
    theirsPick: fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }),
    oursEdit: fc.option(fc.nat()),
    theirsEdit: fc.option(fc.nat()),
    crlf: fc.boolean(),
  })
  .map(({ specs, baseSize, oursPick, theirsPick, oursEdit, theirsEdit, crlf }) => {
    // Files are written in time order; a hand-written heading only knows the minute.
    const when = (s: Spec): number => (s.ois ? s.ms : s.ms - (s.ms % 60_000));
    const sorted = specs.map((s, n) => ({ s, n })).sort((a, b) => when(a.s) - when(b.s) || a.n - b.n);
    const k = baseSize % (sorted.length + 1);
    const base = sorted.slice(0, k);
    const later = sorted.slice(k);
    const editable = base.filter((x) => x.s.ois);
    const oursEdited = oursEdit === null || editable.length === 0 ? -1 : (editable[oursEdit % editable.length]?.n ?? -1);
    let theirsEdited = theirsEdit === null || editable.length === 0 ? -1 : (editable[theirsEdit % editable.length]?.n ?? -1);
    if (theirsEdited === oursEdited) theirsEdited = -1; // the same entry edited on both sides is a real conflict
    const side = (pick: boolean[], edited: number, mark: string): string =>
      file(
        [...base, ...later.filter((_, i) => pick[i])].map((x) => render(x.s, x.n, x.n === edited ? mark : '')),
        crlf,
      );
    return {
      base: file(base.map((x) => render(x.s, x.n)), crlf),
      ours: side(oursPick, oursEdited, ' (edited by ours)'),
      theirs: side(theirsPick, theirsEdited, ' (edited by theirs)'),
    };
  });

const keys = (text: string): string[] => parseChatLog(text).entries.map((e) => e.id ?? e.body);

describe('mergeChatLogs properties', () => {
  it('is commutative and conflict-free when no entry is edited on both sides', () => {
    fc.assert(
      fc.property(historyArb, ({ base, ours, theirs }) => {
        const a = mergeChatLogs(base, ours, theirs);
        expect(a.conflicts).toBe(0);
        expect(mergeChatLogs(base, theirs, ours).text).toBe(a.text);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(historyArb, ({ base, ours, theirs }) => {
        const m = mergeChatLogs(base, ours, theirs).text;
        expect(mergeChatLogs(m, m, m).text).toBe(m);
        expect(mergeChatLogs(base, m, m).text).toBe(m);
        // Merging the result again with either side changes nothing.
        expect(mergeChatLogs(base, m, ours).text).toBe(m);
        expect(mergeChatLogs(base, theirs, m).text).toBe(m);
      }),
      { numRuns: 200 },
    );
  });

  it('never drops or duplicates an entry, and orders them by time', () => {
    fc.assert(
      fc.property(historyArb, ({ base, ours, theirs }) => {
        const merged = parseChatLog(mergeChatLogs(base, ours, theirs).text);
        const got = merged.entries.map((e) => e.id ?? `hw:${e.body}`);
        const sides = [base, ours, theirs].flatMap((t) => parseChatLog(t).entries.map((e) => e.id ?? `hw:${e.body}`));
        expect(new Set(got).size).toBe(got.length);
        expect(new Set(got)).toEqual(new Set(sides));
        const times = merged.entries.map(timeOfDay);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(merged.problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('mergeOntoRemote properties: the prefix rule', () => {
  it("the remote's file is a prefix of every result; every entry of either side is there once; the local ones after, in their order", () => {
    fc.assert(
      fc.property(historyArb, fc.boolean(), ({ base, ours, theirs }, swap) => {
        const [remote, local] = swap ? [ours, theirs] : [theirs, ours];
        const result = mergeOntoRemote(base, remote, local);
        expect(result.conflicts).toBe(0);
        const got = keys(result.text);
        const pushed = keys(remote);
        expect(got.slice(0, pushed.length)).toEqual(pushed);
        expect(new Set(got).size).toBe(got.length);
        expect(new Set(got)).toEqual(new Set([...keys(base), ...pushed, ...keys(local)]));
        const fresh = keys(local).filter((k) => !pushed.includes(k));
        expect(got.slice(pushed.length)).toEqual(fresh);
        expect(parseChatLog(result.text).problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is stable: merging the local side again, or the remote onto itself, changes nothing', () => {
    fc.assert(
      fc.property(historyArb, ({ base, ours, theirs }) => {
        const m = mergeOntoRemote(base, theirs, ours).text;
        expect(mergeOntoRemote(base, m, ours).text).toBe(m);
        expect(mergeOntoRemote(base, m, m).text).toBe(m);
        expect(mergeOntoRemote(base, theirs, theirs).text).toBe(theirs);
      }),
      { numRuns: 200 },
    );
  });
});

/** A committed day file, and what an agent with a stale or careless view writes back: some entries dropped or reordered, new ones of its own. */
const rewriteArb = fc
  .record({
    specs: fc.array(specArb, { minLength: 1, maxLength: 12 }),
    kept: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    fresh: fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }),
    title: fc.boolean(),
    crlf: fc.boolean(),
  })
  .map(({ specs, kept, order, fresh, title, crlf }) => {
    const committed = specs.map((s, n) => render(s, n));
    const survivors = committed.filter((_, i) => kept[i]).map((raw, i) => ({ raw, at: order[i] ?? 0 })).sort((a, b) => a.at - b.at).map((x) => x.raw);
    const mine = fresh.map((word, i) => `## 23:5${i} - ARIA ⚔️\n\n${word}\n\nnew ${i}\n\n---\n`);
    const body = [...survivors, ...mine].reduce<string>((acc, e) => appendEntry(acc, e), title ? formatDayTitle('2026-11-23') : '');
    return { committed: file(committed, false), working: crlf ? body.replace(/\n/g, '\r\n') : body, mine: mine.length };
  });

describe('guardChatLog properties: the restore rule', () => {
  it('for any stale rewrite, the union of entries survives: every committed entry in its place, then the new ones, each once', () => {
    fc.assert(
      fc.property(rewriteArb, ({ committed, working, mine }) => {
        const result = guardChatLog({ committed, working, self: { id: 'aria', name: 'ARIA ⚔️' }, incompleteQuiet: false });
        const text = result.commit ?? committed;
        const got = keys(text);
        const before = keys(committed);
        expect(got.slice(0, before.length)).toEqual(before);
        expect(got.length).toBe(before.length + mine);
        expect(new Set(got).size).toBe(got.length);
        // The working file ends up holding exactly what is committed (nothing was held back here).
        expect(keys(result.working ?? working)).toEqual(got);
        expect(result.notices.every((n) => n.kind === 'restored')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

const FRAGMENTS = ['## 14:32 - A', '## 9:5 - B', '## 14:32 B', '---', '```', '~~~', '<!-- ois:entry id=abcd at=2026-11-23T10:00:00Z author=a -->', 'text', '@aria', '\n', '\n', '\r\n', '\r', ' ', '\t', '小明', '⚔️', '# T', ''];
const chatish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''));

describe('parseChatLog properties', () => {
  it('keeps every byte: preamble + raws + trailer is the input', () => {
    fc.assert(
      fc.property(fc.oneof(chatish, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (text) => {
        const log = parseChatLog(text);
        expect(log.preamble + log.entries.map((e) => e.raw).join('') + log.trailer).toBe(text);
        for (const problem of log.problems) expect(problem.position.start.line).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('merges any texts without throwing, and without conflicts it commutes', () => {
    fc.assert(
      fc.property(chatish, chatish, chatish, (base, ours, theirs) => {
        const a = mergeChatLogs(base, ours, theirs);
        if (a.conflicts === 0) expect(mergeChatLogs(base, theirs, ours).text).toBe(a.text);
        expect(mergeChatLogs(a.text, a.text, a.text).text).toBe(a.text);
      }),
      { numRuns: 500 },
    );
  });
});
