import { VFile } from 'vfile';
import { MAX_REGISTRY_BYTES, registryTooLarge } from '../limits.js';
import { parseRegistry } from '../parse.js';
import type { ParsedRegistry } from '../types.js';
import { looksLikeSecret } from './secrets.js';
import type { Diagnostic, DiagnosticPoint, FileKind, LintMessage, LintResult, Place, Rule, RuleContext, Severity } from './types.js';
import { ruleUrl, SOURCE } from './url.js';

const EMPTY: ParsedRegistry = { registry: { agents: [], humans: [] }, sections: [], orphanFields: [] };

export interface LintFileOptions {
  kind: FileKind;
  rules: readonly Rule[];
}

export interface LintTextOptions extends LintFileOptions {
  file: string;
}

/**
 * Runs every rule that applies to `kind` on a vfile's text (pure), the remark-lint way: each problem
 * is a message on `file.messages` (`VFileMessage`) with `ruleId`, `source: 'ois'`, `place`, `url` (the
 * rule's section of docs/lint-rules.md), `fatal` (true for an error, false for a warning) and, for a
 * parse failure or a rule that threw, the thrown error as `cause` (never printed by ois's formats: it
 * may quote the file). Never throws: a text that cannot be parsed, or a rule that fails, becomes a
 * message at 1:1. Messages come in the order found; `lintText` sorts its diagnostics.
 * @example lintFile(new VFile({ path: 'AGENTS.md', value: '## A\n' }), { kind: 'registry', rules }).messages[0]?.ruleId // 'section-structure'
 */
export function lintFile(file: VFile, options: LintFileOptions): VFile {
  const { kind } = options;
  const text = String(file.value ?? '');
  const add = (ruleId: string, severity: Severity, reason: string, place?: Place, cause?: unknown): void => {
    // A safety net: no message may carry a secret-looking value, whatever a rule quoted.
    const safe = looksLikeSecret(reason) ? 'problem found (details hidden: they contain a secret-looking value)' : reason;
    const message = file.message(safe, {
      ruleId,
      source: SOURCE,
      ...(place ? { place: clean(place) } : {}),
      ...(cause === undefined ? {} : { cause: cause instanceof Error ? cause : new Error(String(cause)) }),
    });
    message.fatal = severity === 'error';
    message.url = ruleUrl(ruleId);
  };
  const nul = text.indexOf('\u0000');
  if (nul >= 0 && kind !== 'text') {
    add('file-encoding', 'error', 'the file contains binary data (a NUL character); it must be UTF-8 text', pointAt(text, nul));
    return file;
  }
  let registry = EMPTY;
  let parsed = kind !== 'registry';
  if (kind === 'registry' && registryTooLarge(text)) {
    add('file-size', 'error', `the registry is larger than ${MAX_REGISTRY_BYTES / 1024} KiB; it was not parsed (split long notes out of AGENTS.md, into docs/ for example)`);
  } else if (kind === 'registry') {
    try {
      registry = parseRegistry(text);
      parsed = true;
    } catch (error) {
      add('parse-error', 'error', 'the registry could not be parsed as Markdown', undefined, error);
    }
  }
  for (const rule of options.rules) {
    if (!rule.appliesTo.includes(kind)) continue;
    if (!parsed && rule.appliesTo.length === 1) continue; // registry-only rules need the parse
    const ctx: RuleContext = {
      file: file.path ?? '',
      kind,
      text,
      registry,
      report: (message, place) => add(rule.id, rule.severity, message, place),
    };
    try {
      rule.check(ctx);
    } catch (error) {
      add('internal-error', 'error', `rule ${rule.id} failed on this file (a bug in ois: please report it)`, undefined, error);
    }
  }
  return file;
}

/**
 * `lintFile` on a text, as plain diagnostics (the shape the formats print), sorted by position.
 * @example lintText('## A\n', { file: 'AGENTS.md', kind: 'registry', rules }).errorCount // 1
 */
export function lintText(text: string, options: LintTextOptions): LintResult {
  // `cwd` given: a VFile would otherwise read process.cwd(); an empty path is not a vfile path.
  const file = lintFile(new VFile({ value: text, cwd: '', ...(options.file === '' ? {} : { path: options.file }) }), options);
  return summarize(file.messages.map((message) => toDiagnostic(message, options.file)).sort(compareDiagnostics));
}

/**
 * A vfile message as a diagnostic: `fatal` → error, otherwise warning; no place → 1:1.
 * @example toDiagnostic(file.messages[0], 'AGENTS.md').position.start // { line: 3, column: 1 }
 */
export function toDiagnostic(message: LintMessage, file: string): Diagnostic {
  return {
    file,
    ruleId: message.ruleId ?? 'unknown',
    severity: message.fatal === true ? 'error' : 'warning',
    message: message.reason,
    position: toPosition(message.place),
  };
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

function toPosition(place: LintMessage['place']): Diagnostic['position'] {
  if (place === undefined) return { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const { start, end } = 'start' in place ? place : { start: place, end: place };
  return { start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } };
}

/** Lines and columns of at least 1 (a rule's arithmetic may give 0), without offsets. */
function clean(place: Place): Diagnostic['position'] {
  const { start, end } = 'start' in place ? place : { start: place, end: place };
  const point = (p: DiagnosticPoint) => ({ line: Math.max(1, p.line), column: Math.max(1, p.column) });
  return { start: point(start), end: point(end) };
}

function pointAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = (before.match(/\r\n|\n|\r/g)?.length ?? 0) + 1;
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line, column: offset - lastBreak };
}
