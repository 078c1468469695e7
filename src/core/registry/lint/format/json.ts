import type { Diagnostic, LintReport, SkippedFile } from '../types.js';

/** Bumped only when a field is removed or changes meaning; new fields may be added. */
export const JSON_FORMAT_VERSION = 1;

/** The documented shape of `ois lint --format json` (docs/lint-rules.md). */
export interface JsonLintReport {
  version: typeof JSON_FORMAT_VERSION;
  ok: boolean;
  errorCount: number;
  warningCount: number;
  files: string[];
  skipped: SkippedFile[];
  diagnostics: Diagnostic[];
}

/**
 * The report as stable JSON: fixed key order, diagnostics sorted by file, line, column, rule.
 * @example JSON.parse(formatJson(report)).version // 1
 */
export function formatJson(report: LintReport): string {
  const shape: JsonLintReport = {
    version: JSON_FORMAT_VERSION,
    ok: report.errorCount === 0,
    errorCount: report.errorCount,
    warningCount: report.warningCount,
    files: report.files,
    skipped: report.skipped.map(({ file, reason }) => ({ file, reason })),
    diagnostics: report.diagnostics.map((d) => ({
      file: d.file,
      ruleId: d.ruleId,
      severity: d.severity,
      message: d.message,
      position: {
        start: { line: d.position.start.line, column: d.position.start.column },
        end: { line: d.position.end.line, column: d.position.end.column },
      },
    })),
  };
  return `${JSON.stringify(shape, null, 2)}\n`;
}
