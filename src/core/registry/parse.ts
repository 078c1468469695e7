import type { Heading, List, Paragraph, Root, RootContent } from 'mdast';
import type { Node } from 'unist';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Position } from '../position.js';
import { visit } from 'unist-util-visit';
import { buildAgents } from './build.js';
import { extractFastFields, type FastField } from './fast-fields.js';
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
  const fast = options.fastFields === false ? { masked: text, fields: [] } : extractFastFields(text, locator);
  const tree = processor.parse(fast.masked) as Root;
  const hidden = hiddenRanges(tree);
  const pending = fast.fields.filter((f) => !hidden.some(([a, b]) => f.offset >= a && f.offset < b));
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
    if (current) sections.push(toSection(current.heading, current.nodes, current.extra, text, locator));
  };
  for (const node of tree.children) {
    flushFast(node.position?.start.offset ?? 0);
    if (node.type === 'heading' && node.depth <= 2) {
      close();
      current = node.depth === 2 ? { heading: node, nodes: [], extra: [] } : undefined;
    } else if (current) {
      current.nodes.push(node);
    } else if (node.type === 'list') {
      const { fields } = readList(node, text, locator);
      orphanFields.push(...fields.filter((field) => isKnownField(field.canonicalKey)));
    }
  }
  flushFast(Number.POSITIVE_INFINITY);
  close();
  orphanFields.sort(byOffset);
  return { registry: { agents: buildAgents(sections) }, sections, orphanFields };
}

/** Offsets covered by code and HTML nodes, at any depth: a field-like line there is not a field. */
function hiddenRanges(tree: Root): [number, number][] {
  const ranges: [number, number][] = [];
  visit(tree, ['code', 'html'], (node) => {
    const { start, end } = node.position ?? {};
    if (start?.offset !== undefined && end?.offset !== undefined) ranges.push([start.offset, end.offset]);
  });
  return ranges;
}

function byOffset(a: RawField, b: RawField): number {
  return (a.position.start.offset ?? 0) - (b.position.start.offset ?? 0);
}

function toSection(heading: Heading, nodes: RootContent[], extra: RawField[], text: string, locator: Locator): RawSection {
  const headingText = toString(heading).trim();
  const match = /^(.*?)\s*\(([^()]*)\)\s*$/su.exec(headingText);
  const name = (match ? match[1] : headingText)?.trim() ?? '';
  const role = match?.[2]?.trim();
  const fields: RawField[] = [...extra];
  const bullets: RawBullet[] = [];
  for (const node of nodes) {
    if (node.type !== 'list') continue;
    const read = readList(node, text, locator);
    fields.push(...read.fields);
    bullets.push(...read.bullets);
  }
  fields.sort(byOffset);
  const idField = fields.find((field) => field.canonicalKey === 'id');
  const headingPosition = positionOf(heading, locator);
  const lastNode = nodes.at(-1);
  const ends = [headingPosition.end, ...(lastNode ? [positionOf(lastNode, locator).end] : []), ...fields.map((f) => f.position.end)];
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

function readList(list: List, text: string, locator: Locator): { fields: RawField[]; bullets: RawBullet[] } {
  const fields: RawField[] = [];
  const bullets: RawBullet[] = [];
  for (const item of list.children) {
    const first = item.children[0];
    const position = positionOf(item, locator);
    const field = first?.type === 'paragraph' ? readField(first, text, locator) : undefined;
    if (field) fields.push({ ...field, position });
    else bullets.push({ text: toString(item).trim(), position });
  }
  return { fields, bullets };
}

const FIELD_TEXT = /^([A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z][A-Za-z0-9_-]*)?)\s*:(?!\/\/)\s*([\s\S]*)$/;

function readField(
  paragraph: Paragraph,
  text: string,
  locator: Locator,
): Omit<RawField, 'position'> | undefined {
  const match = FIELD_TEXT.exec(toString(paragraph).trim());
  const start = paragraph.position?.start.offset;
  const end = paragraph.position?.end.offset;
  if (!match || start === undefined || end === undefined) return undefined;
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
