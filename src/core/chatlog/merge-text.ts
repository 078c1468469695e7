import { compareText } from './merge-order.js';

export const MARKERS = { ours: '<<<<<<< ours', sep: '=======', theirs: '>>>>>>> theirs' } as const;

/**
 * Splits text into its content (up to and including the line ending of its last non-blank line)
 * and the blank lines after it.
 *
 * @example splitBlankTail('---\n\n\n') // { content: '---\n', tail: '\n\n' }
 */
export function splitBlankTail(text: string): { content: string; tail: string } {
  const match = /(?:^|\n)((?:[ \t]*\r?\n)*[ \t]*)$/.exec(text);
  const tailLength = match?.[1]?.length ?? 0;
  return { content: text.slice(0, text.length - tailLength), tail: text.slice(text.length - tailLength) };
}

/**
 * Three-way merge of a whole piece of text (the preamble): a side that changed it wins; two
 * different changes give a conflict region.
 *
 * @example mergeText('a\n', 'b\n', 'a\n', '\n') // { text: 'b\n', conflict: false }
 */
export function mergeText(base: string, ours: string, theirs: string, eol: string): { text: string; conflict: boolean } {
  if (ours === theirs || theirs === base) return { text: ours, conflict: false };
  if (ours === base) return { text: theirs, conflict: false };
  return { text: conflictRegion(ours, theirs, eol), conflict: true };
}

/** Three-way choice that can never conflict (blank lines at the end): a change wins, else the longer. */
export function mergeQuiet(base: string, ours: string, theirs: string): string {
  if (ours === theirs || theirs === base) return ours;
  if (ours === base) return theirs;
  return pickOne(ours, theirs);
}

/** The same choice whichever order the two come in. */
export function pickOne(a: string, b: string): string {
  return a.length !== b.length ? (a.length > b.length ? a : b) : compareText(a, b) >= 0 ? a : b;
}

/** Git-style conflict markers around the two versions (each ends with a line ending). */
export function conflictRegion(ours: string, theirs: string, eol: string): string {
  const line = (text: string): string => (text === '' || text.endsWith('\n') ? text : text + eol);
  return `${MARKERS.ours}${eol}${line(ours)}${MARKERS.sep}${eol}${line(theirs)}${MARKERS.theirs}${eol}`;
}
