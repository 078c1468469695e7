import type { Point, Position } from '../position.js';

/** One line of a text: `text.slice(start, end)` is its content, `next` is where the following line starts. */
export interface Line {
  start: number;
  /** End of the content, before `\n` or `\r\n`. */
  end: number;
  /** Start of the next line (after the line ending), or `end` for a last line without one. */
  next: number;
  text: string;
}

/**
 * Splits text into lines, keeping the offsets of their line endings (`\n` or `\r\n`).
 *
 * @example splitLines('a\r\nb') // [{ start: 0, end: 1, next: 3, text: 'a' }, { start: 3, end: 4, next: 4, text: 'b' }]
 */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const next = nl === -1 ? text.length : nl + 1;
    let end = nl === -1 ? text.length : nl;
    if (end > start && text.charCodeAt(end - 1) === 13 && nl !== -1) end -= 1;
    lines.push({ start, end, next, text: text.slice(start, end) });
    start = next;
  }
  return lines;
}

/** Whether a line holds nothing but spaces and tabs. */
export function isBlank(line: Line | undefined): boolean {
  return line !== undefined && /^[ \t]*$/.test(line.text);
}

/** The 1-based point of column `column` (1-based) on line index `index` (0-based). */
export function pointAt(lines: readonly Line[], index: number, column = 1): Point {
  const line = lines[index];
  return { line: index + 1, column, offset: (line?.start ?? 0) + column - 1 };
}

/** The position covering line indices `from`..`to` (inclusive), contents only. */
export function lineRange(lines: readonly Line[], from: number, to: number): Position {
  const last = lines[to];
  const width = last ? last.end - last.start : 0;
  return { start: pointAt(lines, from), end: pointAt(lines, to, width + 1) };
}

/** `\r\n` when the text uses it, else `\n`. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** An entry's heading line as written: its raw text up to the first line break. */
export function headingLine(entry: { raw: string }): string {
  const end = entry.raw.search(/\r?\n/);
  return end === -1 ? entry.raw : entry.raw.slice(0, end);
}
