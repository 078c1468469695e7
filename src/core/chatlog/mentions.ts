import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Member, Mentions } from './types.js';

const processor = unified().use(remarkParse);
/** A character that may stand right before a mention's `@` (so `bob@example.com` is not one). */
const WORDISH = /[\p{L}\p{N}\p{M}_.+\-]/u;
/** Characters that continue a word: a mention must not be followed by one (`@arial` is not `@aria`). */
const CONTINUES = /[\p{L}\p{N}\p{M}_-]/u;
/** Scripts written without spaces: a name in them may be followed by anything (`@小明你好`). */
const UNSPACED_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Extended_Pictographic}\uFE0F]/u;
const UNSPACED = new RegExp(`${UNSPACED_CHAR.source}$`, 'u');

/**
 * Finds the members a body mentions. Rules (case-insensitive, Unicode):
 * - `@id`, `@Full Name` (spaces, emoji, Chinese included) and `@First` (the name's first word, when
 *   it is at least two characters and no other member shares it); the longest match wins;
 * - `@all` (and the spec's Chinese `@所有人`) mentions everyone;
 * - the mention must not be glued to a word before it (`bob@example.com` is an address) nor continue
 *   into a word after it (`@arial` is not `@aria`); Chinese/Japanese/Korean text and emoji are
 *   written without spaces, so they may touch a mention on either side (`你好@小明`, `@小明你好`);
 * - text in code spans, fenced or indented code, HTML and link targets is not searched.
 *
 * @example
 * findMentions('Thanks @ARIA, and @小明你好. cc `@hkh` ops@example.com', [
 *   { id: 'aria', name: 'ARIA ⚔️' }, { id: 'hkh', name: 'HKH' }, { id: 'xm', name: '小明' },
 * ]) // { ids: ['aria', 'xm'], all: false }
 */
export function findMentions(body: string, members: readonly Member[]): Mentions {
  const tokens = mentionTokens(members);
  const ids: string[] = [];
  let all = false;
  for (const text of searchableTexts(body)) {
    for (const span of mentionSpans(text, tokens)) {
      if (span.id === '*') all = true;
      else if (!ids.includes(span.id)) ids.push(span.id);
    }
  }
  return { ids, all };
}

export interface Token {
  /** Lower-cased spelling after the `@`. */
  text: string;
  /** The member's lower-cased id, `*` for `@all`. */
  id: string;
}

/** Where a mention stands in one text: `text.slice(start, end)` is `@…`. */
export interface MentionSpan {
  start: number;
  end: number;
  /** The member's lower-cased id, `*` for `@all`. */
  id: string;
}

/**
 * The mentions in one plain text (a text node, no Markdown), by the rules of {@link findMentions}.
 *
 * @example mentionSpans('hi @aria!', mentionTokens([{ id: 'aria', name: 'ARIA' }])) // [{ start: 3, end: 8, id: 'aria' }]
 */
export function mentionSpans(text: string, tokens: readonly Token[]): MentionSpan[] {
  const spans: MentionSpan[] = [];
  // Lower-casing can change the length of a few characters (İ): search a copy only when it is safe.
  const lower = text.toLowerCase();
  const source = lower.length === text.length ? lower : text;
  for (let at = source.indexOf('@'); at !== -1; at = source.indexOf('@', at + 1)) {
    const before = source[at - 1] ?? '';
    if (WORDISH.test(before) && !UNSPACED_CHAR.test(before)) continue;
    const rest = source.slice(at + 1);
    const found = tokens.find((token) => startsWithToken(rest, token.text) && endsMention(token.text, rest.slice(token.text.length)));
    if (!found) continue;
    spans.push({ start: at, end: at + 1 + found.text.length, id: found.id });
    at += found.text.length;
  }
  return spans;
}

function startsWithToken(rest: string, token: string): boolean {
  return rest.slice(0, token.length).toLowerCase() === token;
}

/** All spellings that mention someone, longest first. */
export function mentionTokens(members: readonly Member[]): Token[] {
  const tokens: Token[] = [{ text: 'all', id: '*' }, { text: '所有人', id: '*' }];
  const firstWords = new Map<string, string[]>();
  for (const member of members) {
    const id = member.id.toLowerCase();
    const name = member.name.trim().toLowerCase();
    tokens.push({ text: id, id });
    if (name) tokens.push({ text: name, id });
    const first = name.split(/\s+/)[0] ?? '';
    if ([...first].length >= 2 && first !== name) firstWords.set(first, [...(firstWords.get(first) ?? []), id]);
  }
  for (const [text, owners] of firstWords) if (new Set(owners).size === 1 && owners[0]) tokens.push({ text, id: owners[0] });
  return tokens.filter((t) => t.text !== '').sort((a, b) => b.text.length - a.text.length || a.text.localeCompare(b.text));
}

function endsMention(token: string, after: string): boolean {
  if (after === '' || UNSPACED.test(token)) return true;
  return !CONTINUES.test(after[0] ?? '');
}

/** The plain text of a Markdown body, one string per text node (code and HTML left out). */
function searchableTexts(body: string): string[] {
  if (!body.includes('@')) return [];
  const tree = processor.parse(body) as Root;
  const texts: string[] = [];
  visit(tree, 'text', (node) => {
    texts.push(node.value);
  });
  return texts;
}
