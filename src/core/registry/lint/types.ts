import type { VFile } from 'vfile';
import type { ParsedRegistry } from '../types.js';

/** What a file is, which decides the rules it gets (see `kindOf`). */
export type FileKind = 'registry' | 'chat' | 'config' | 'text';

export type Severity = 'error' | 'warning';

/** 1-based line and column, as editors and GitHub annotations count them. */
export interface DiagnosticPoint {
  line: number;
  column: number;
}

/** One problem found in one file. This is the shape of `--format json` (see docs/lint-rules.md). */
export interface Diagnostic {
  /** Path relative to the repository, with `/` separators. */
  file: string;
  ruleId: string;
  severity: Severity;
  /** One sentence; never contains a secret value. */
  message: string;
  position: { start: DiagnosticPoint; end: DiagnosticPoint };
}

/**
 * A problem as the engine records it: a vfile message (remark-lint's convention) with `ruleId`,
 * `source` ('ois'), `place`, `url`, `fatal` (error or warning) and, when something threw, `cause`.
 */
export type LintMessage = VFile['messages'][number];

/** Where a rule reports: a position, or just a point (start = end). */
export type Place = { start: DiagnosticPoint; end: DiagnosticPoint } | DiagnosticPoint;

/** What a rule's `check` gets: the file, its parsed form (for registry files) and `report`. */
export interface RuleContext {
  file: string;
  kind: FileKind;
  text: string;
  /** The parsed registry (for `registry` files; an empty parse for the other kinds). */
  registry: ParsedRegistry;
  report(message: string, place?: Place): void;
}

/**
 * An invalid example and the rule's whole output on it, one line per message as `ois lint` prints
 * its range and message (remark-lint documents each rule's output the same way):
 * `'3:1-3:8: the section "ARIA" has no …'`, or `'7:14: …'` for a point.
 */
export interface InvalidExample {
  text: string;
  output: readonly string[];
}

/**
 * One lint rule, in the spirit of remark-lint's `unified-lint-rule`: an id, one severity, a
 * rationale, and examples that are documentation and tests at once (`test/unit/registry/rules.test.ts`
 * runs each rule on each of its examples and asserts each invalid one's whole output).
 */
export interface Rule {
  id: string;
  severity: Severity;
  /** Which kinds of file the rule checks; examples are read as the first kind. */
  appliesTo: readonly FileKind[];
  rationale: string;
  examples: { valid: readonly string[]; invalid: readonly InvalidExample[] };
  check(ctx: RuleContext): void;
}

/** The outcome of linting one or several files. */
export interface LintResult {
  diagnostics: Diagnostic[];
  errorCount: number;
  warningCount: number;
}

/** A file that was not checked, and why (binary, too large, a symlink). */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** The outcome of linting a set of files: what the formatters print. */
export interface LintReport extends LintResult {
  /** The files checked, relative to the repository. */
  files: string[];
  skipped: SkippedFile[];
}
