import { parseRegistry } from '../parse.js';
import type { ParsedRegistry } from '../types.js';
import { looksLikeSecret } from './secrets.js';
import type { Diagnostic, FileKind, LintResult, Place, Rule, RuleContext, Severity } from './types.js';

/** Above this many characters a registry is not parsed (a 500-agent registry is about 150 kB). */
export const MAX_REGISTRY_CHARS = 1024 * 1024;

const EMPTY: ParsedRegistry = { registry: { agents: [], humans: [] }, sections: [], orphanFields: [] };

export interface LintTextOptions {
  file: string;
  kind: FileKind;
  rules: readonly Rule[];
}

/**
 * Runs every rule that applies to `kind` on `text` (pure). Never throws: a text that cannot be
 * parsed, or a rule that fails, becomes a diagnostic at 1:1. Diagnostics come sorted by position.
 * @example lintText('## A\n', { file: 'AGENTS.md', kind: 'registry', rules }).errorCount // 1
 */
export function lintText(text: string, options: LintTextOptions): LintResult {
  const { file, kind } = options;
  const diagnostics: Diagnostic[] = [];
  const add = (ruleId: string, severity: Severity, message: string, place?: Place): void => {
    // A safety net: no message may carry a secret-looking value, whatever a rule quoted.
    const safe = looksLikeSecret(message) ? 'problem found (details hidden: they contain a secret-looking value)' : message;
    diagnostics.push({ file, ruleId, severity, message: safe, position: toPosition(place) });
  };
  const nul = text.indexOf('\u0000');
  if (nul >= 0 && kind !== 'text') {
    add('file-encoding', 'error', 'the file contains binary data (a NUL character); it must be UTF-8 text', pointAt(text, nul));
    return summarize(diagnostics);
  }
  let registry = EMPTY;
  let parsed = kind !== 'registry';
  if (kind === 'registry' && text.length > MAX_REGISTRY_CHARS) {
    add('file-size', 'error', `the registry is larger than ${MAX_REGISTRY_CHARS / 1024} KiB; it was not parsed`);
  } else if (kind === 'registry') {
    try {
      registry = parseRegistry(text);
      parsed = true;
    } catch {
      add('parse-error', 'error', 'the registry could not be parsed as Markdown');
    }
  }
  for (const rule of options.rules) {
    if (!rule.appliesTo.includes(kind)) continue;
    if (!parsed && rule.appliesTo.length === 1) continue; // registry-only rules need the parse
    const ctx: RuleContext = {
      file,
      kind,
      text,
      registry,
      report: (message, place) => add(rule.id, rule.severity, message, place),
    };
    try {
      rule.check(ctx);
    } catch {
      add('internal-error', 'error', `rule ${rule.id} failed on this file (a bug in ois: please report it)`);
    }
  }
  return summarize(diagnostics.sort(compareDiagnostics));
}

/** Counts errors and warnings. */
export function summarize(diagnostics: Diagnostic[]): LintResult {
  const errorCount = diagnostics.filter((d) => d.severity === 'error').length;
  return { diagnostics, errorCount, warningCount: diagnostics.length - errorCount };
}

/** Orders by file, then line, column, rule id (a stable order for `--format json`). */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.position.start.line - b.position.start.line ||
    a.position.start.column - b.position.start.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

function toPosition(place: Place | undefined): Diagnostic['position'] {
  if (place === undefined) return { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const start = 'start' in place ? place.start : place;
  const end = 'start' in place ? place.end : place;
  const clean = (p: { line: number; column: number }) => ({ line: Math.max(1, p.line), column: Math.max(1, p.column) });
  return { start: clean(start), end: clean(end) };
}

function pointAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = (before.match(/\r\n|\n|\r/g)?.length ?? 0) + 1;
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line, column: offset - lastBreak };
}
