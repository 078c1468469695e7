import { isBlank, lineRange, type Line } from './lines.js';
import type { ChatProblem } from './types.js';

/** A line that is meant as an entry heading, well-formed or not (`## 14:32 - X`, `## 9:5 - X`, `## 1432 - X`). */
export const ENTRY_LIKE = /^##[ \t]+(?:\d{1,2}[:.hH]\d{1,2}|\d{3,4}[ \t]+[-–—][ \t])/;
/** The closing `---` of an entry. */
export const RULE = /^ {0,3}-{3,}[ \t]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

interface Fence {
  marker: string;
  line: number;
}

/** Where entries start, and which lines sit inside fenced code (so `## …` and `---` there are text). */
export interface Scan {
  headings: number[];
  inFence: boolean[];
  problems: ChatProblem[];
}

/**
 * Finds entry headings line by line. Fenced code hides headings, except that a heading right after
 * a `---` line always starts an entry: a fence that an entry forgot to close must not swallow the
 * entries appended after it (the fence is reported instead).
 *
 * @example scanLines(splitLines('## 14:32 - A\n\nhi\n\n---\n')).headings // [0]
 */
export function scanLines(lines: readonly Line[]): Scan {
  const headings: number[] = [];
  const inFence: boolean[] = [];
  const problems: ChatProblem[] = [];
  let fence: Fence | undefined;
  let afterRule = false;
  const unclosed = (open: Fence, end: number): void => {
    for (let i = open.line; i < end; i += 1) inFence[i] = false;
    problems.push({
      code: 'unclosed-fence',
      message: `code fence \`${open.marker}\` is never closed; it is ignored for finding entries`,
      position: lineRange(lines, open.line, open.line),
    });
  };
  lines.forEach((line, index) => {
    const text = line.text;
    if (fence) {
      if (isClosingFence(text, fence.marker)) {
        fence = undefined;
        inFence[index] = true;
        afterRule = false;
        return;
      }
      if (!(afterRule && ENTRY_LIKE.test(text))) {
        inFence[index] = true;
        if (!isBlank(line)) afterRule = RULE.test(text);
        return;
      }
      unclosed(fence, index);
      fence = undefined;
    }
    inFence[index] = false;
    const open = FENCE_OPEN.exec(text);
    if (open && !(open[1]?.startsWith('`') && open[2]?.includes('`'))) {
      fence = { marker: open[1] ?? '```', line: index };
      inFence[index] = true;
      afterRule = false;
      return;
    }
    if (ENTRY_LIKE.test(text)) headings.push(index);
    if (!isBlank(line)) afterRule = RULE.test(text);
  });
  if (fence) unclosed(fence, lines.length);
  return { headings, inFence, problems };
}

function isClosingFence(text: string, marker: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text);
  const found = match?.[1];
  return found !== undefined && found[0] === marker[0] && found.length >= marker.length;
}
