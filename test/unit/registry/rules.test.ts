import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_FILE, lintText, RULES } from '../../../src/core/registry/lint/index.js';

// Each rule's documented examples are its tests: valid ones give no diagnostic from the rule,
// invalid ones give at least one whose message contains the documented substring.
describe.each(RULES.map((rule) => [rule.id, rule] as const))('rule %s', (_id, rule) => {
  const kind = rule.appliesTo[0] ?? 'registry';
  const run = (text: string) =>
    lintText(text, { file: EXAMPLE_FILE[kind], kind, rules: [rule] }).diagnostics.filter((d) => d.ruleId === rule.id);

  it('documents itself', () => {
    expect(rule.id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
    expect(rule.rationale.length).toBeGreaterThan(40);
    expect(rule.examples.valid.length).toBeGreaterThan(0);
    expect(rule.examples.invalid.length).toBeGreaterThan(0);
  });

  it.each(rule.examples.valid.map((text, i) => [i, text] as const))('valid example %i passes', (_i, text) => {
    expect(run(text)).toEqual([]);
  });

  it.each(rule.examples.invalid.map((example, i) => [i, example] as const))('invalid example %i fails', (_i, example) => {
    const found = run(example.text);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((d) => d.message).join('\n')).toContain(example.message);
    for (const d of found) {
      expect(d.severity).toBe(rule.severity);
      expect(d.position.start.line).toBeGreaterThanOrEqual(1);
      expect(d.position.start.column).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('the rule set', () => {
  it('has unique ids', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('valid examples of registry rules pass every registry rule', () => {
    for (const rule of RULES.filter((r) => r.appliesTo[0] === 'registry')) {
      for (const text of rule.examples.valid) {
        const result = lintText(text, { file: 'AGENTS.md', kind: 'registry', rules: RULES });
        expect(result.diagnostics.filter((d) => d.ruleId !== 'unknown-field'), `${rule.id}: ${text}`).toEqual([]);
      }
    }
  });
});

describe('docs/lint-rules.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../../docs/lint-rules.md'), 'utf8');
  it.each(RULES.map((rule) => [rule.id, rule] as const))('documents %s with its examples', (id, rule) => {
    expect(doc).toContain(`### \`${id}\`\n\n**${rule.severity}**`);
    expect(doc).toContain(rule.rationale);
    for (const text of rule.examples.valid) expect(doc).toContain(text.replace(/\n$/, ''));
    for (const example of rule.examples.invalid) expect(doc).toContain(example.text.replace(/\n$/, ''));
  });
});
