import type { RawSection } from '../types.js';
import type { RuleContext } from './types.js';

/**
 * Reports each section of a clash group after the first: same value, same up to case, or look-alike
 * (the wording says which), and that neither section is used. Shared by unique-ids and unique-names.
 */
export function reportClashes(
  ctx: RuleContext,
  sections: readonly RawSection[],
  groups: readonly number[][],
  what: 'id' | 'name',
  value: (section: RawSection) => string,
  quote: (text: string) => string,
): void {
  for (const group of groups) {
    const [first, ...rest] = group.map((i) => sections[i] as RawSection);
    if (first === undefined) continue;
    for (const section of rest) {
      const a = value(first);
      const b = value(section);
      const how = a === b ? `has the same ${what} as` : a.toLowerCase() === b.toLowerCase() ? `has the ${what} ${quote(b)}, which differs only by case from` : `has the ${what} ${quote(b)}, which looks like the ${what} ${quote(a)} of`;
      const line = first.headingPosition.start.line;
      ctx.report(`this section ${how} the section on line ${line}; neither is used until one of them changes`, section.headingPosition);
    }
  }
}
