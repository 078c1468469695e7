import { canonicalKey } from './fields.js';
import type { Locator } from './locate.js';
import type { RawField } from './types.js';

/**
 * Why this exists: micromark spends about 0.2 ms on each list item, so a 500-agent registry took
 * over a second in remark alone. Most field bullets are plain one-line `- Key: value` items with no
 * Markdown inside, which mean the same with or without a Markdown parser. This pre-pass takes those
 * lines out of the text given to remark (emptied, so every
 * line and column stays where it was) and reads them directly. Any line that could mean something
 * else is left to remark. `test/unit/registry/fast-fields.test.ts` checks that both paths agree.
 */
export interface FastField {
  field: RawField;
  /** Offset of the line's first character (for ownership by section). */
  offset: number;
}

export interface FastFields {
  /** The text for remark: the fast lines emptied (line endings kept). */
  masked: string;
  fields: FastField[];
  /** Maps an offset in `masked` back to the original text. */
  toOriginal(offset: number): number;
}

const BULLET = /^[-*+] {1,4}([A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z][A-Za-z0-9_-]*)?)[ \t]*:(?!\/\/)[ \t]*(.*?)[ \t]*$/;
/** Anything that inline Markdown could turn into something else. */
// eslint-disable-next-line no-control-regex -- NUL is matched on purpose (CommonMark replaces it).
const SPECIAL = /[\\`*_[\]<>&!~|\u0000]/;
const NEXT_OK = /^(?:[ \t]*$|[-*+][ \t]|#{1,6}(?:[ \t]|$))/;

/**
 * Finds the plain field lines and returns the text with them blanked.
 * @example extractFastFields('- Id: a\n', locator).fields[0]?.field.value // 'a'
 */
export function extractFastFields(text: string, locator: Locator): FastFields {
  // HTML blocks other than comments end at a blank line: blanking a line could change them.
  if (/^ {0,3}<(?!!--)/m.test(text)) return { masked: text, fields: [], toOriginal: (offset) => offset };
  const removedAt: number[] = []; // offsets in the masked text where a line was emptied
  const removedSum: number[] = []; // characters removed up to and including that line
  let maskedLength = 0;
  const fields: FastField[] = [];
  const parts: string[] = [];
  const pattern = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  let previous = '';
  let masked = false;
  let start = 0;
  const lines: { text: string; end: string; offset: number }[] = [];
  for (let m = pattern.exec(text); m !== null && start <= text.length; m = pattern.exec(text)) {
    lines.push({ text: m[1] ?? '', end: m[2] ?? '', offset: start });
    start += m[0].length;
    if (m[0].length === 0) break;
  }
  // What follows the blank lines after each line: an indented line there may continue a list item.
  const nextNonBlank: string[] = [];
  for (let i = lines.length - 1, after = ''; i >= 0; i--) {
    nextNonBlank[i] = after;
    const text = lines[i]?.text ?? '';
    if (!/^[ \t]*$/.test(text)) after = text;
  }
  lines.forEach((line, i) => {
    const next = lines[i + 1]?.text ?? '';
    const match = BULLET.exec(line.text);
    masked =
      match !== null && !SPECIAL.test(line.text) && NEXT_OK.test(next) &&
      !/^[ \t]/.test(nextNonBlank[i] ?? '') &&
      !/^(?: {4}|\t|[ \t]*(?:```|~~~))/.test(previous);
    if (!/^[ \t]*$/.test(line.text)) previous = line.text; // the last non-blank line
    if (!match || !masked) {
      parts.push(line.text + line.end);
      maskedLength += line.text.length + line.end.length;
      return;
    }
    const key = match[1] ?? '';
    const value = match[2] ?? '';
    const keyStart = line.offset + line.text.indexOf(key, 1);
    const valueStart = value === '' ? line.offset + line.text.length : line.offset + line.text.lastIndexOf(value);
    fields.push({
      offset: line.offset,
      field: {
        key,
        canonicalKey: canonicalKey(key),
        value,
        keyPosition: locator.position(keyStart, keyStart + key.length),
        valuePosition: locator.position(valueStart, valueStart + value.length),
        position: locator.position(line.offset, line.offset + line.text.length),
      },
    });
    // The line is emptied (its line ending stays, so lines keep their numbers); remark's offsets
    // into the shorter text are mapped back with `toOriginal`.
    removedAt.push(maskedLength);
    removedSum.push((removedSum.at(-1) ?? 0) + line.text.length);
    parts.push(line.end);
    maskedLength += line.end.length;
  });
  const toOriginal = (offset: number): number => {
    let low = 0;
    let high = removedAt.length; // count of emptied lines strictly before `offset`
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((removedAt[mid] ?? 0) < offset) low = mid + 1;
      else high = mid;
    }
    return offset + (low === 0 ? 0 : (removedSum[low - 1] ?? 0));
  };
  return { masked: parts.join(''), fields, toOriginal };
}
