import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { lintFile, lintText, RULES, ruleUrl, type Rule } from '../../../src/core/registry/lint/index.js';

// The engine records problems as vfile messages (remark-lint's convention), so that the unified
// ecosystem (vfile-reporter, unified-engine) can read them; the formats print the diagnostics made
// from them, unchanged.
describe('lint messages are vfile messages', () => {
  const HEX48 = 'ab12cd34ef56'.repeat(4);
  const text = `## ARIA\n\n- Gateway: http://127.0.0.1:18789\n- Token: ${HEX48}\n- Sesion: x\n`;

  it('carry ruleId, source, place, url and fatal (error) or not (warning)', () => {
    const file = lintFile(new VFile({ path: 'AGENTS.md', value: text, cwd: '' }), { kind: 'registry', rules: RULES });
    const secret = file.messages.find((m) => m.ruleId === 'no-literal-secret');
    expect(secret).toMatchObject({
      file: 'AGENTS.md',
      source: 'ois',
      fatal: true,
      line: 4,
      column: 10,
      place: { start: { line: 4, column: 10 }, end: { line: 4, column: 58 } },
      url: 'https://unpkg.com/@ois-sync/ois@0.1.0/docs/lint-rules.md#no-literal-secret',
    });
    expect(secret?.reason).toContain('a 48-character hex string');
    expect(secret?.reason).not.toContain(HEX48);
    expect(file.messages.find((m) => m.ruleId === 'unknown-field')?.fatal).toBe(false);
  });

  it('become the same diagnostics as before (what every format prints)', () => {
    const result = lintText(text, { file: 'AGENTS.md', kind: 'registry', rules: RULES });
    expect(result.diagnostics.map((d) => Object.keys(d))).toEqual(result.diagnostics.map(() => ['file', 'ruleId', 'severity', 'message', 'position']));
    expect(result.diagnostics.find((d) => d.ruleId === 'no-literal-secret')).toMatchObject({
      file: 'AGENTS.md',
      severity: 'error',
      position: { start: { line: 4, column: 10 }, end: { line: 4, column: 58 } },
    });
    expect(result).toMatchObject({ errorCount: 1, warningCount: 1 });
  });

  it('keep what a failing rule threw as the cause, and report it at 1:1', () => {
    const thrown = new Error('boom');
    const broken: Rule = { id: 'broken', severity: 'warning', appliesTo: ['text'], rationale: '', examples: { valid: [], invalid: [] }, check: () => { throw thrown; } };
    const file = lintFile(new VFile({ path: 'shared/a.md', value: 'x\n', cwd: '' }), { kind: 'text', rules: [broken] });
    expect(file.messages).toHaveLength(1);
    expect(file.messages[0]).toMatchObject({ ruleId: 'internal-error', fatal: true, cause: thrown, line: undefined });
    expect(file.messages[0]?.url).toBe(ruleUrl('internal-error'));
    expect(lintText('x\n', { file: 'shared/a.md', kind: 'text', rules: [broken] }).diagnostics[0]?.position.start).toEqual({ line: 1, column: 1 });
  });

  it('point at sections that exist in docs/lint-rules.md', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/lint-rules.md'), 'utf8');
    const anchors = new Set([...doc.matchAll(/^#{2,3} (.+)$/gm)].map((m) => (m[1] ?? '').toLowerCase().replace(/[`]/g, '').replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
    for (const id of [...RULES.map((r) => r.id), 'file-read', 'symlink', 'file-encoding', 'file-size', 'parse-error', 'internal-error']) {
      expect(anchors, id).toContain(ruleUrl(id).split('#')[1]);
    }
  });
});
