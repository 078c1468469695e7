import type { LintReport } from '../types.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatPretty } from './pretty.js';

export const FORMATS = ['pretty', 'json', 'github'] as const;
export type LintFormat = (typeof FORMATS)[number];

export { formatGithub, formatJson, formatPretty };
export { JSON_FORMAT_VERSION, type JsonLintReport } from './json.js';

/** @example isLintFormat('json') // true */
export function isLintFormat(value: string): value is LintFormat {
  return (FORMATS as readonly string[]).includes(value);
}

/**
 * Renders a report in one of the formats.
 * @example formatReport(report, 'github')
 */
export function formatReport(report: LintReport, format: LintFormat): string {
  if (format === 'json') return formatJson(report);
  if (format === 'github') return formatGithub(report);
  return formatPretty(report);
}
