import { parseMemberKind } from '../fields.js';
import type { RawField, RawSection } from '../types.js';
import { looksLikeSecret } from './secrets.js';

/** The fields of `section` with this canonical key, in order. */
export function fieldsNamed(section: RawSection, key: string): RawField[] {
  return section.fields.filter((field) => field.canonicalKey === key);
}

/** The first field with this canonical key (a repeated one is `duplicate-field`'s business). */
export function firstField(section: RawSection, key: string): RawField | undefined {
  return section.fields.find((field) => field.canonicalKey === key);
}

/** Whether a section describes a person (`Kind: human`): no Gateway, never woken. */
export function isHumanSection(section: RawSection): boolean {
  const kind = firstField(section, 'kind');
  return kind !== undefined && parseMemberKind(kind.value) === 'human';
}

/** A valid agent section for rule examples: `agent('ARIA')` → `## ARIA\n\n- Gateway: …`. */
export function agent(heading: string, ...fields: string[]): string {
  const lines = fields.length > 0 ? fields : ['Gateway: http://127.0.0.1:18789'];
  return `## ${heading}\n\n${lines.map((line) => `- ${line}`).join('\n')}\n`;
}

/**
 * A name or id quoted for a message: shortened past 60 characters, and hidden if it looks like a
 * secret, so that no message can leak one.
 * @example quote('ARIA') // '"ARIA"'
 */
export function quote(value: string): string {
  if (looksLikeSecret(value)) return '(a value hidden because it looks like a secret)';
  const short = [...value].length > 60 ? `${[...value].slice(0, 59).join('')}…` : value;
  return `"${short.replace(/\s+/g, ' ')}"`;
}
