import { describe, expect, it } from 'vitest';
import { formatGithub, formatJson, formatPretty, formatReport } from '../../../src/core/registry/lint/format/index.js';
import type { LintReport } from '../../../src/core/registry/lint/types.js';

const report: LintReport = {
  files: ['AGENTS.md', 'chat/2026-11-23.md'],
  skipped: [{ file: 'shared/logo.png', reason: 'binary' }],
  errorCount: 1,
  warningCount: 1,
  diagnostics: [
    { file: 'AGENTS.md', ruleId: 'gateway-url', severity: 'error', message: 'bad, really: 100%', position: { start: { line: 12, column: 3 }, end: { line: 12, column: 20 } } },
    { file: 'AGENTS.md', ruleId: 'unknown-field', severity: 'warning', message: 'unknown field X', position: { start: { line: 14, column: 3 }, end: { line: 14, column: 3 } } },
  ],
};

describe('formatters', () => {
  it('pretty: file:line:col-line:col: severity message (rule), and a summary', () => {
    expect(formatPretty(report)).toBe(
      'AGENTS.md:12:3-12:20: error bad, really: 100% (gateway-url)\n' +
        'AGENTS.md:14:3: warning unknown field X (unknown-field)\n' +
        '✖ 2 problems (1 error, 1 warning) in 2 files\n',
    );
    expect(formatPretty({ ...report, diagnostics: [], errorCount: 0, warningCount: 0 })).toBe('✔ no problems in 2 files\n');
  });

  it('json: the documented, versioned shape', () => {
    const json = JSON.parse(formatJson(report));
    expect(Object.keys(json)).toEqual(['version', 'ok', 'errorCount', 'warningCount', 'files', 'skipped', 'diagnostics']);
    expect(json.version).toBe(1);
    expect(json.ok).toBe(false);
    expect(json.diagnostics[0]).toEqual({
      file: 'AGENTS.md',
      ruleId: 'gateway-url',
      severity: 'error',
      message: 'bad, really: 100%',
      position: { start: { line: 12, column: 3 }, end: { line: 12, column: 20 } },
    });
  });

  it('github: workflow commands with escaped data', () => {
    const lines = formatGithub(report).trimEnd().split('\n');
    expect(lines[0]).toBe('::error file=AGENTS.md,line=12,col=3,endLine=12,endColumn=20,title=gateway-url::bad, really: 100%25');
    expect(lines[1]).toBe('::warning file=AGENTS.md,line=14,col=3,endLine=14,endColumn=3,title=unknown-field::unknown field X');
    expect(lines[2]).toContain('2 problems');
  });

  it('formatReport dispatches on the format name', () => {
    expect(formatReport(report, 'json')).toBe(formatJson(report));
    expect(formatReport(report, 'github')).toBe(formatGithub(report));
    expect(formatReport(report, 'pretty')).toBe(formatPretty(report));
  });
});
