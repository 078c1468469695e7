import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintRegistryText, RULES } from '../../../src/core/registry/lint/index.js';

// test/fixtures/registry/<rule-id>/{valid,invalid}-*.md: valid files get no diagnostic from the
// rule, invalid ones at least one.
const DIR = join(import.meta.dirname, '../../fixtures/registry');
const cases = readdirSync(DIR).flatMap((rule) =>
  readdirSync(join(DIR, rule)).map((name) => [rule, name, readFileSync(join(DIR, rule, name), 'utf8')] as const),
);

describe('rule fixtures', () => {
  it('name existing rules', () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const [rule] of cases) expect(ids.has(rule), rule).toBe(true);
  });

  it.each(cases)('%s/%s', (rule, name, text) => {
    const found = lintRegistryText(text).diagnostics.filter((d) => d.ruleId === rule);
    if (name.startsWith('valid')) expect(found).toEqual([]);
    else expect(found.length).toBeGreaterThan(0);
  });
});
