import type { LintReport } from '../types.js';
import { formatPretty } from './pretty.js';

/**
 * GitHub Actions workflow commands, one per diagnostic, then the pretty summary line:
 * `::error file=AGENTS.md,line=12,col=3,endLine=12,endColumn=20,title=rule-id::message`.
 * @example formatGithub(report).startsWith('::error file=AGENTS.md,line=7') // true
 */
export function formatGithub(report: LintReport): string {
  const lines = report.diagnostics.map((d) => {
    const { start, end } = d.position;
    const props = [
      `file=${escapeProperty(d.file)}`,
      `line=${start.line}`,
      `col=${start.column}`,
      `endLine=${end.line}`,
      `endColumn=${end.column}`,
      `title=${escapeProperty(d.ruleId)}`,
    ].join(',');
    return `::${d.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(d.message)}`;
  });
  lines.push(formatPretty({ ...report, diagnostics: [] }).trimEnd()); // the summary line only
  return `${lines.join('\n')}\n`;
}

/** Escaping as in @actions/core's `toCommandValue`/`escapeData`. */
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
