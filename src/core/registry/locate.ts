import type { Point, Position } from '../position.js';

/** Maps 0-based offsets of one text to 1-based line/column points (CRLF, LF and CR all end a line). */
export interface Locator {
  point(offset: number): Point;
  position(startOffset: number, endOffset: number): Position;
}

/**
 * Builds a locator for `text` in one pass; each lookup is a binary search.
 * @example makeLocator('a\nbc').point(3) // { line: 2, column: 2, offset: 3 }
 */
export function makeLocator(text: string): Locator {
  const starts = lineStarts(text);
  const point = (offset: number): Point => {
    const at = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - (starts[low] ?? 0) + 1, offset: at };
  };
  return { point, position: (start, end) => ({ start: point(start), end: point(Math.max(start, end)) }) };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) starts.push(i + 1);
    else if (code === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * Splits text into lines with the offset each starts at (line terminators removed).
 * @example splitLines('a\r\nb') // [{ text: 'a', offset: 0 }, { text: 'b', offset: 3 }]
 */
export function splitLines(text: string): { text: string; offset: number }[] {
  const lines: { text: string; offset: number }[] = [];
  const pattern = /\r\n|\n|\r/g;
  let start = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    lines.push({ text: text.slice(start, match.index), offset: start });
    start = match.index + match[0].length;
  }
  lines.push({ text: text.slice(start), offset: start });
  return lines;
}

/** A one-line position `line:column`–`line:endColumn` (all 1-based). */
export function linePosition(line: number, column: number, endColumn: number = column): Position {
  return { start: { line, column }, end: { line, column: Math.max(column, endColumn) } };
}
