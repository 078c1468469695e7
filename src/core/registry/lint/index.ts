import { lintText } from './engine.js';
import { kindOf } from './kinds.js';
import { RULES } from './rules/index.js';
import type { LintResult } from './types.js';

export { compareDiagnostics, lintFile, lintText, summarize, toDiagnostic } from './engine.js';
export { EXAMPLE_FILE, kindOf } from './kinds.js';
export { RULES } from './rules/index.js';
export type { Diagnostic, FileKind, LintMessage, LintResult, Rule, Severity } from './types.js';
export { ruleUrl, SOURCE } from './url.js';

/**
 * Lints the text of AGENTS.md with every registry rule (pure, never throws). The sync cycle calls
 * this before it commits a registry edit, and leaves the edit uncommitted when `errorCount > 0`.
 * @example lintRegistryText('## ARIA\n\n- Gateway: http://127.0.0.1:18789\n').errorCount // 0
 */
export function lintRegistryText(text: string, file = 'AGENTS.md'): LintResult {
  return lintText(text, { file, kind: 'registry', rules: RULES });
}

/**
 * Lints one file's text with the rules its path calls for (`kindOf(file)`), pure.
 * @example lintFileText('chat/2026-11-23.md', '## 14:32 - ARIA\n\nhi\n\n---\n').errorCount // 0
 */
export function lintFileText(file: string, text: string): LintResult {
  return lintText(text, { file, kind: kindOf(file), rules: RULES });
}
