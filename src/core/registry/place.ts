import { parseRegistry } from './parse.js';

/**
 * Where new sections go in AGENTS.md, so that several pending join pull requests merge with each
 * other on a git host's merge button (plain line merge, no ois driver there).
 *
 * git's line merge conflicts when two branches insert at the same place, and merges cleanly when
 * their insertions are separated by at least one line both left alone. The template therefore
 * carries one marker line per first character of an id (`<!-- ois:a -->` … `<!-- ois:z -->`, and
 * `<!-- ois:0-9 -->`), invisible when rendered; a new section goes after its marker, in order of id
 * among the sections already there. Two joins whose ids start differently never touch the same
 * place; two that fall between the same two existing lines do (then re-running `ois join` merges
 * the team branch into the join branch and places the section again).
 */
export const MARKER_LABELS: readonly string[] = ['0-9', ...'abcdefghijklmnopqrstuvwxyz'];

const MARKER = /^<!-- ois:(0-9|[a-z]) -->\s*$/;

/** @example markerLine('a') // '<!-- ois:a -->' */
export function markerLine(label: string): string {
  return `<!-- ois:${label} -->`;
}

/** @example markerLabel('zed') // 'z'; markerLabel('42x') // '0-9' */
export function markerLabel(id: string): string {
  const first = id.charAt(0).toLowerCase();
  return /[0-9]/.test(first) ? '0-9' : first;
}

/**
 * `text` with `section` (a `## …` heading and its fields, no blank line at either end) inserted for
 * agent `id`: after the marker of the id's first character, before the first section there whose
 * id sorts after `id`, else just before the next marker. Without markers (a registry written by
 * hand or by an older ois), before the first section whose id sorts after `id`, else at the end.
 * Keeps the file's line ending style. Pure.
 *
 * @example placeSection('# T\n\n<!-- ois:a -->\n<!-- ois:b -->\n', 'bob', '## Bob\n\n- Id: bob')
 * // '# T\n\n<!-- ois:a -->\n<!-- ois:b -->\n\n## Bob\n\n- Id: bob\n'
 */
export function placeSection(text: string, id: string, section: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  // A file ending in a newline splits into a last empty element: it is the end, not a line.
  const endsWithNewline = lines.at(-1) === '';
  if (endsWithNewline) lines.pop();
  const { from, to } = range(lines, markerLabel(id));
  const headings = parseRegistry(text)
    .sections.map((s) => ({ line: s.headingPosition.start.line - 1, id: s.id.toLowerCase() }))
    .filter((s) => s.line > from && s.line < to);
  const before = headings.find((s) => s.id > id.toLowerCase());
  const at = before?.line ?? to;
  const atEnd = at >= lines.length;
  const previous = lines[at - 1];
  const lead = at > 0 && previous !== undefined && previous.trim() !== '' ? [''] : [];
  const block = [...lead, ...section.split(/\r?\n/), ...(atEnd ? [] : [''])];
  lines.splice(at, 0, ...block);
  return `${lines.join(eol)}${eol}`;
}

/** The lines (0-based, exclusive) between the id's marker and the next marker; the whole file without one. */
function range(lines: readonly string[], label: string): { from: number; to: number } {
  const markers = lines.flatMap((line, index) => {
    const match = MARKER.exec(line);
    return match ? [{ label: match[1] ?? '', index }] : [];
  });
  const own = markers.findIndex((m) => m.label === label);
  if (own === -1) return { from: -1, to: lines.length };
  const from = markers[own]?.index ?? -1;
  return { from, to: markers[own + 1]?.index ?? lines.length };
}
