import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRange } from '../../../src/core/registry/lint/format/pretty.js';
import { EXAMPLE_FILE, lintText, RULES } from '../../../src/core/registry/lint/index.js';

// Each rule's documented examples are its tests: valid ones give no diagnostic from the rule,
// invalid ones exactly the documented output (every message whole, with its line and column).
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

  it.each(rule.examples.invalid.map((example, i) => [i, example] as const))('invalid example %i gives exactly its documented output', (_i, example) => {
    const found = run(example.text);
    expect(found.length).toBeGreaterThan(0);
    // The whole message and the whole range of every diagnostic, in order, as `ois lint` prints them.
    expect(found.map((d) => `${formatRange(d)}: ${d.message}`)).toEqual(example.output);
    for (const d of found) expect(d.severity).toBe(rule.severity);
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
    for (const example of rule.examples.invalid) {
      expect(doc).toContain(example.text.replace(/\n$/, ''));
      expect(doc).toContain(`${example.text.replace(/\n$/, '')}\n\`\`\`\n\n→ the rule reports:\n\n\`\`\`\n${example.output.join('\n')}\n\`\`\``);
    }
  });
});
