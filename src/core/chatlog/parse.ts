import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parseHeading } from './heading.js';
import { isBlank, lineRange, pointAt, splitLines, type Line } from './lines.js';
import { looksLikeMetadata, readMetadata } from './metadata.js';
import { RULE, scanLines } from './scan.js';
import type { ChatEntry, ChatLog, ChatProblem } from './types.js';

const processor = unified().use(remarkParse);

/**
 * Parses a day file into entries. Pure and total: any text parses, problems are reported with a
 * position and the text is kept, so `preamble + entries' raw + trailer === text` always.
 * Entry boundaries are found line by line (byte-exact); remark reads the title.
 *
 * @example
 * const log = parseChatLog('# 2026-11-23 Chat Log\n\n## 14:32 - ARIA\n\nHi @hkh\n\n---\n');
 * log.title // '2026-11-23 Chat Log'
 * log.entries[0]?.body // 'Hi @hkh'
 */
export function parseChatLog(text: string): ChatLog {
  const lines = splitLines(text);
  const scan = scanLines(lines);
  const problems: ChatProblem[] = [...scan.problems];
  const entries: ChatEntry[] = [];
  const first = scan.headings[0];
  const preamble = first === undefined ? text : text.slice(0, lines[first]?.start ?? 0);
  let trailer = '';
  scan.headings.forEach((from, k) => {
    const nextHeading = scan.headings[k + 1];
    let to = (nextHeading ?? lines.length) - 1;
    if (nextHeading === undefined) {
      while (to > from && isBlank(lines[to])) to -= 1;
      trailer = text.slice(lines[to]?.next ?? text.length);
    }
    const end = nextHeading === undefined ? (lines[to]?.next ?? text.length) : (lines[nextHeading]?.start ?? text.length);
    entries.push(readEntry(text, lines, scan.inFence, from, to, end, problems));
  });
  const title = readTitle(preamble);
  const log: ChatLog = { preamble, entries, trailer, problems: problems.sort(byPosition) };
  if (title !== undefined) log.title = title;
  return log;
}

function readEntry(
  text: string,
  lines: readonly Line[],
  inFence: readonly boolean[],
  from: number,
  to: number,
  end: number,
  problems: ChatProblem[],
): ChatEntry {
  const headingLine = lines[from] as Line;
  const heading = parseHeading(headingLine.text);
  if (heading.problem) problems.push({ ...heading.problem, position: lineRange(lines, from, from) });
  const entry: ChatEntry = {
    time: heading.time,
    name: heading.name,
    body: '',
    raw: text.slice(headingLine.start, end),
    closed: false,
    position: { start: pointAt(lines, from), end: endPoint(lines, end, from) },
  };
  let bodyFrom = from + 1;
  const metaLine = lines[from + 1];
  if (metaLine && looksLikeMetadata(metaLine.text)) {
    bodyFrom += 1;
    const { meta = {}, error } = readMetadata(metaLine.text);
    if (meta.id !== undefined) entry.id = meta.id;
    if (meta.at !== undefined) entry.at = meta.at;
    if (meta.author !== undefined) entry.author = meta.author;
    if (error) problems.push({ code: 'bad-metadata', message: `entry metadata: ${error}`, position: lineRange(lines, from + 1, from + 1) });
  }
  let rule = -1;
  for (let i = to; i > from; i -= 1) {
    if (!inFence[i] && RULE.test(lines[i]?.text ?? '')) {
      rule = i;
      break;
    }
  }
  if (rule === -1) {
    problems.push({ code: 'missing-rule', message: `entry "${headingLine.text}" has no closing \`---\` line`, position: lineRange(lines, from, from) });
  } else {
    entry.closed = true;
    const stray = lines.slice(rule + 1, to + 1).findIndex((line) => !isBlank(line));
    if (stray !== -1) {
      const at = rule + 1 + stray;
      problems.push({ code: 'text-after-rule', message: 'text after the closing `---` belongs to no entry; it is kept with the entry above', position: lineRange(lines, at, at) });
    }
  }
  entry.body = readBody(text, lines, bodyFrom, rule === -1 ? to : rule - 1);
  return entry;
}

function readBody(text: string, lines: readonly Line[], from: number, to: number): string {
  let a = from;
  let b = to;
  while (a <= b && isBlank(lines[a])) a += 1;
  while (b >= a && isBlank(lines[b])) b -= 1;
  if (a > b) return '';
  return text.slice(lines[a]?.start ?? 0, lines[b]?.end ?? 0).replace(/\r\n/g, '\n');
}

function endPoint(lines: readonly Line[], end: number, from: number): ChatEntry['position']['end'] {
  // The entry's end is the start of the following line; report it as the end of its last line. The
  // search starts at the entry's heading (`from`): a day of many entries stays linear to parse.
  let index = -1;
  for (let i = from; i < lines.length; i += 1) {
    if ((lines[i]?.next ?? 0) >= end) {
      index = i;
      break;
    }
  }
  if (index === -1) index = lines.length - 1;
  const line = lines[index];
  const column = line ? Math.min(end, line.end) - line.start + 1 : 1;
  return pointAt(lines, Math.max(index, 0), column);
}

function readTitle(preamble: string): string | undefined {
  if (!preamble.includes('#')) return undefined;
  const tree = processor.parse(preamble) as Root;
  const heading = tree.children.find((node): node is Heading => node.type === 'heading' && node.depth === 1);
  return heading ? toString(heading) : undefined;
}

function byPosition(a: ChatProblem, b: ChatProblem): number {
  return a.position.start.line - b.position.start.line || a.position.start.column - b.position.start.column;
}
