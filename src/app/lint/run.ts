import { compareDiagnostics, lintFileText, lintRegistryText, summarize } from '../../core/registry/lint/index.js';
import { kindOf } from '../../core/registry/lint/kinds.js';
import type { Diagnostic, LintReport, SkippedFile } from '../../core/registry/lint/types.js';
import type { LintFs } from './fs.js';
import { defaultTargets, explicitTargets, type LintTarget } from './targets.js';

export { lintRegistryText };

export interface LintRepositoryOptions {
  /** The file system to read (`lintFsOf(ports.files)`, or a fake). */
  fs: LintFs;
  /** Text files under shared/ (and other plain files) larger than this are skipped. Default 1 MiB. */
  maxTextBytes?: number;
  /** AGENTS.md, chat logs and config larger than this are reported, not read. Default 32 MiB. */
  maxStructuredBytes?: number;
  /** Paths git records as symbolic links (mode 120000; see safety/symlinks.ts): each is reported. */
  trackedSymlinks?: readonly string[];
}

const SYMLINK_MESSAGE =
  'a symbolic link: ois never checks a link out as a link, never commits one and never follows one (it could lead out of the clone); replace it with the file itself, or remove it with `git rm`';

const BINARY_SNIFF = 8000;

/**
 * Lints a team repository: by default AGENTS.md (registry rules), ois.config.json (schema), chat/*.md
 * (structure) and every text file under shared/ (secrets); or just `files` (relative to `repoDir`, or
 * absolute; a directory means every file in it). Never throws for what it reads: an unreadable or
 * binary file becomes a diagnostic, or a skipped entry for plain files.
 * @example const report = await lintRepository('/home/me/team', undefined, { fs: lintFsOf(ports.files) }); report.errorCount // 0
 */
export async function lintRepository(
  repoDir: string,
  files: readonly string[] | undefined,
  options: LintRepositoryOptions,
): Promise<LintReport> {
  const { fs } = options;
  const targets = files && files.length > 0 ? await explicitTargets(repoDir, files, fs) : await defaultTargets(repoDir, fs);
  const diagnostics: Diagnostic[] = [];
  const skipped: SkippedFile[] = [];
  const checked: string[] = [];
  for (const target of targets) {
    const outcome = await lintTarget(target, fs, options);
    if ('skipped' in outcome) skipped.push({ file: target.rel, reason: outcome.skipped });
    else {
      checked.push(target.rel);
      diagnostics.push(...outcome.diagnostics);
    }
  }
  const reported = new Set(diagnostics.filter((d) => d.ruleId === 'symlink').map((d) => d.file));
  for (const file of options.trackedSymlinks ?? []) {
    if (reported.has(file)) continue;
    diagnostics.push({ file, ruleId: 'symlink', severity: 'error', message: `tracked as ${SYMLINK_MESSAGE}`, position: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } });
  }
  return { ...summarize(diagnostics.sort(compareDiagnostics)), files: checked, skipped };
}

type Outcome = { diagnostics: Diagnostic[] } | { skipped: string };

async function lintTarget(target: LintTarget, fs: LintFs, options: LintRepositoryOptions): Promise<Outcome> {
  const kind = kindOf(target.rel);
  const fail = (ruleId: string, message: string): Outcome => ({
    diagnostics: [
      { file: target.rel, ruleId, severity: 'error', message, position: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } },
    ],
  });
  let info: Awaited<ReturnType<LintFs['stat']>>;
  try {
    info = await fs.stat(target.abs);
  } catch {
    return fail('file-read', 'the file could not be read');
  }
  if (info === undefined) return target.required ? fail('file-read', 'the file does not exist') : { skipped: 'does not exist' };
  if (info.type === 'symlink') return fail('symlink', SYMLINK_MESSAGE);
  if (info.type !== 'file') return { skipped: 'not a regular file' };
  const limit = kind === 'text' ? (options.maxTextBytes ?? 1024 * 1024) : (options.maxStructuredBytes ?? 32 * 1024 * 1024);
  if (info.size > limit) {
    return kind === 'text' ? { skipped: `larger than ${limit} bytes` } : fail('file-size', `the file is larger than ${limit} bytes and was not read`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.read(target.abs);
  } catch {
    return fail('file-read', 'the file could not be read');
  }
  if (kind === 'text' && bytes.subarray(0, BINARY_SNIFF).includes(0)) return { skipped: 'binary' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return kind === 'text' ? { skipped: 'not UTF-8 text' } : fail('file-encoding', 'the file is not valid UTF-8 text');
  }
  return { diagnostics: lintFileText(target.rel, text).diagnostics };
}
