import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintRepository } from '../../../src/app/lint/run.js';
import { generatedCorpus, type CorpusCase } from '../../fixtures/registry-corpus/generated.js';
import { memoryLintFs } from '../../helpers/memory-lint-fs.js';

const DIR = join(import.meta.dirname, '../../fixtures/registry-corpus');

// Stored cases are named `NN-<rule-id>--what.md`.
const stored: CorpusCase[] = readdirSync(DIR)
  .filter((name) => name.endsWith('.md'))
  .map((name) => ({ name, rule: /^\d+-([a-z-]+?)--/.exec(name)?.[1] ?? '?', bytes: readFileSync(join(DIR, name)) }));
const corpus = [...stored, ...generatedCorpus()];

describe('the broken-registry corpus', () => {
  it('has at least 50 cases', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s: a clear diagnostic with a position, no crash', async (_name, c) => {
    const report = await lintRepository('/team', ['AGENTS.md'], { fs: memoryLintFs({ '/team/AGENTS.md': c.bytes }) });
    expect(report.files).toEqual(['AGENTS.md']);
    const found = report.diagnostics.filter((d) => d.ruleId === c.rule);
    expect(found.length, JSON.stringify(report.diagnostics.slice(0, 5))).toBeGreaterThan(0);
    for (const d of report.diagnostics) {
      expect(d.file).toBe('AGENTS.md');
      expect(d.position.start.line).toBeGreaterThanOrEqual(1);
      expect(d.position.start.column).toBeGreaterThanOrEqual(1);
      expect(d.message.length).toBeGreaterThan(10);
      expect(d.ruleId).not.toBe('internal-error');
    }
  });

  it('never echoes a leaked secret in a message', async () => {
    const leaky = corpus.filter((c) => c.rule === 'no-literal-secret');
    expect(leaky.length).toBeGreaterThan(3);
    for (const c of leaky) {
      const text = new TextDecoder().decode(c.bytes);
      const report = await lintRepository('/team', ['AGENTS.md'], { fs: memoryLintFs({ '/team/AGENTS.md': c.bytes }) });
      for (const d of report.diagnostics) {
        for (const word of text.split(/[\s`:=]+/).filter((w) => w.length >= 20)) expect(d.message).not.toContain(word);
      }
    }
  });
});
