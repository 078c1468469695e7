import type { Heading, List, Paragraph, Root, RootContent } from 'mdast';
import type { Node } from 'unist';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Position } from '../position.js';
import { visit } from 'unist-util-visit';
import { buildRegistry } from './build.js';
import { extractFastFields, type FastField, type FastFields } from './fast-fields.js';
import { canonicalKey, isKnownField, slugify } from './fields.js';
import { makeLocator, type Locator } from './locate.js';
import type { ParsedRegistry, RawBullet, RawField, RawSection } from './types.js';

const processor = unified().use(remarkParse);

/**
 * Parses the text of AGENTS.md (pure; never throws on any text except through remark itself,
 * which the lint engine guards). One `##` heading opens an agent's section, `Name (Role)`; its
 * `- Key: value` bullets are the fields; prose, HTML comments and code are ignored.
 *
 * @example
 * const { registry } = parseRegistry('## ARIA (Dev)\n\n- Gateway: http://127.0.0.1:18789\n');
 * registry.agents[0]?.id // 'aria'
 */
export function parseRegistry(text: string, options: { fastFields?: boolean } = {}): ParsedRegistry {
  const locator = makeLocator(text);
  const fast: FastFields =
    options.fastFields === false ? { masked: text, fields: [], toOriginal: (o) => o } : extractFastFields(text, locator);
  const tree = processor.parse(fast.masked) as Root;
  // remark's offsets point into the masked text: map them back before any use.
  const nodes: Locator = {
    point: (offset) => locator.point(fast.toOriginal(offset)),
    position: (start, end) => locator.position(fast.toOriginal(start), fast.toOriginal(end)),
  };
  const ctx: Ctx = { text, locator, nodes, map: fast.toOriginal, masked: fast.masked, maskedEnd: fast.masked.trimEnd().length };
  const hidden = hiddenRanges(tree, fast.masked).map(([a, b]): [number, number] => [fast.toOriginal(a), fast.toOriginal(b)]);
  // `<=`: a node left open at the end of the text ends where the last emptied line starts.
  const pending = fast.fields.filter((f) => !hidden.some(([a, b]) => f.offset >= a && f.offset <= b));
  const sections: RawSection[] = [];
  const orphanFields: RawField[] = [];
  let current: { heading: Heading; nodes: RootContent[]; extra: RawField[] } | undefined;
  let next = 0;
  const flushFast = (before: number): void => {
    for (; next < pending.length && (pending[next]?.offset ?? 0) < before; next++) {
      const field = (pending[next] as FastField).field;
      if (current) current.extra.push(field);
      else if (isKnownField(field.canonicalKey)) orphanFields.push(field);
    }
  };
  const close = (): void => {
    if (current) sections.push(toSection(current.heading, current.nodes, current.extra, ctx));
  };
  for (const node of tree.children) {
    flushFast(fast.toOriginal(node.position?.start.offset ?? 0));
    if (node.type === 'heading' && node.depth <= 2) {
      close();
      current = node.depth === 2 ? { heading: node, nodes: [], extra: [] } : undefined;
    } else if (current) {
      current.nodes.push(node);
    } else if (node.type === 'list') {
      const { fields } = readList(node, ctx);
      orphanFields.push(...fields.filter((field) => isKnownField(field.canonicalKey)));
    }
  }
  flushFast(Number.POSITIVE_INFINITY);
  close();
  orphanFields.sort(byOffset);
  return { registry: buildRegistry(sections), sections, orphanFields };
}

/**
 * Offsets covered by code and HTML nodes, at any depth: a field-like line there is not a field.
 * A root block left open at the end of the text (a truncated file) covers everything to the end.
 */
function hiddenRanges(tree: Root, masked: string): [number, number][] {
  const lastContent = masked.trimEnd().length;
  const ranges: [number, number][] = [];
  visit(tree, ['code', 'html'], (node, _index, parent) => {
    const { start, end } = node.position ?? {};
    if (start?.offset === undefined || end?.offset === undefined) return;
    // Only a block at the root runs on: inside a quote or a list item, a line at column 1 ends it.
    const open = parent?.type === 'root' && isOpenAtEnd(node, masked, lastContent);
    ranges.push([start.offset, open ? Number.MAX_SAFE_INTEGER : end.offset]);
  });
  return ranges;
}

/** A fenced code block or an HTML comment that the text ends inside (never closed). */
function isOpenAtEnd(node: Node, masked: string, lastContent: number): boolean {
  const { start, end } = node.position ?? {};
  if (start?.offset === undefined || end?.offset === undefined || end.offset < lastContent) return false;
  const raw = masked.slice(start.offset, end.offset);
  if (node.type === 'html') return /^ {0,3}<!--/.test(raw) && !raw.slice(4).includes('-->');
  const fence = /^ {0,3}(`{3,}|~{3,})/.exec(raw)?.[1];
  if (fence === undefined) return false;
  const lines = raw.split(/\r\n|\n|\r/);
  const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
  return lines.length < 2 || !closing.test(lines.at(-1) ?? '');
}

function byOffset(a: RawField, b: RawField): number {
  return (a.position.start.offset ?? 0) - (b.position.start.offset ?? 0);
}

/** What the readers below need: the original text and locator, and remark's offsets mapped back. */
interface Ctx {
  text: string;
  /** Points of offsets into the original text. */
  locator: Locator;
  /** Points of remark's offsets (into the masked text). */
  nodes: Locator;
  map: (offset: number) => number;
  masked: string;
  /** Where the masked text's content ends: a code or HTML block reaching it may have been left open. */
  maskedEnd: number;
}

function toSection(heading: Heading, nodes: RootContent[], extra: RawField[], ctx: Ctx): RawSection {
  const headingText = toString(heading).trim();
  const match = /^(.*?)\s*\(([^()]*)\)\s*$/su.exec(headingText);
  const name = (match ? match[1] : headingText)?.trim() ?? '';
  const role = match?.[2]?.trim();
  const fields: RawField[] = [...extra];
  const bullets: RawBullet[] = [];
  for (const node of nodes) {
    if (node.type !== 'list') continue;
    const read = readList(node, ctx);
    fields.push(...read.fields);
    bullets.push(...read.bullets);
  }
  fields.sort(byOffset);
  const idField = fields.find((field) => field.canonicalKey === 'id');
  const headingPosition = positionOf(heading, ctx.nodes);
  const lastNode = nodes.at(-1);
  const open = lastNode !== undefined && isOpenAtEnd(lastNode, ctx.masked, ctx.maskedEnd);
  const lastEnd = open ? ctx.locator.point(ctx.text.trimEnd().length) : lastNode ? positionOf(lastNode, ctx.nodes).end : undefined;
  const ends = [headingPosition.end, ...(lastEnd ? [lastEnd] : []), ...fields.map((f) => f.position.end)];
  const end = ends.reduce((a, b) => ((b.offset ?? 0) > (a.offset ?? 0) ? b : a));
  return {
    heading: headingText,
    name,
    ...(role ? { role } : {}),
    id: idField ? idField.value : slugify(name),
    explicitId: idField !== undefined,
    fields,
    bullets,
    position: { start: headingPosition.start, end },
    headingPosition,
  };
}

function readList(list: List, ctx: Ctx): { fields: RawField[]; bullets: RawBullet[] } {
  const fields: RawField[] = [];
  const bullets: RawBullet[] = [];
  for (const item of list.children) {
    const first = item.children[0];
    const position = positionOf(item, ctx.nodes);
    const field = first?.type === 'paragraph' ? readField(first, ctx) : undefined;
    if (field) fields.push({ ...field, position });
    else bullets.push({ text: toString(item).trim(), position });
  }
  return { fields, bullets };
}

const FIELD_TEXT = /^([A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z][A-Za-z0-9_-]*)?)\s*:(?!\/\/)\s*([\s\S]*)$/;

function readField(
  paragraph: Paragraph,
  { text, locator, map }: Ctx,
): Omit<RawField, 'position'> | undefined {
  const match = FIELD_TEXT.exec(toString(paragraph).trim());
  if (!match || paragraph.position?.start.offset === undefined || paragraph.position.end.offset === undefined) return undefined;
  // Offsets into the original text (the paragraph holds no emptied line, so one shift fits all).
  const start = map(paragraph.position.start.offset);
  const end = map(paragraph.position.end.offset);
  const key = match[1] ?? '';
  const raw = text.slice(start, end);
  const colon = raw.indexOf(':');
  const keyEnd = start + (colon < 0 ? 0 : colon);
  let valueStart = start + colon + 1;
  while (valueStart < end && /[ \t*_`<]/.test(text[valueStart] ?? '')) valueStart++;
  let valueEnd = end;
  while (valueEnd > valueStart && /[\s*_`>]/.test(text[valueEnd - 1] ?? '')) valueEnd--;
  return {
    key,
    canonicalKey: canonicalKey(key),
    value: (match[2] ?? '').trim(),
    keyPosition: locator.position(start, keyEnd),
    valuePosition: locator.position(valueStart, Math.max(valueStart, valueEnd)),
  };
}

function positionOf(node: Node, locator: Locator): Position {
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? start;
  return locator.position(start, end);
}
