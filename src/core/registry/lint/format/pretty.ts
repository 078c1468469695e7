import type { Diagnostic, LintReport } from '../types.js';

/**
 * `AGENTS.md:12:3-12:20: error message (rule-id)` per diagnostic, then one summary line.
 * @example formatPretty(report) // 'AGENTS.md:7:10-7:58: error … (no-literal-secret)\n✖ 1 problem (1 error, 0 warnings) in 3 files'
 */
export function formatPretty(report: LintReport): string {
  const lines = report.diagnostics.map(
    (d) => `${d.file}:${formatRange(d)}: ${d.severity} ${d.message} (${d.ruleId})`,
  );
  const files = `${report.files.length} file${report.files.length === 1 ? '' : 's'}`;
  const total = report.errorCount + report.warningCount;
  lines.push(
    total === 0
      ? `✔ no problems in ${files}`
      : `✖ ${total} problem${total === 1 ? '' : 's'} (${plural(report.errorCount, 'error')}, ${plural(report.warningCount, 'warning')}) in ${files}`,
  );
  return `${lines.join('\n')}\n`;
}

/** `12:3-12:20`, or `12:3` when the range is a single point. */
export function formatRange(d: Diagnostic): string {
  const { start, end } = d.position;
  const from = `${start.line}:${start.column}`;
  return start.line === end.line && start.column === end.column ? from : `${from}-${end.line}:${end.column}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
