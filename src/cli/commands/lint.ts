import { resolve } from 'node:path';
import type { Command } from 'commander';
import { lintFsOf } from '../../app/lint/fs.js';
import { lintRepository } from '../../app/lint/run.js';
import { trackedSymlinks } from '../../app/safety/symlinks.js';
import { EXIT, OisError } from '../../core/errors.js';
import { formatReport, isLintFormat, type LintFormat } from '../../core/registry/lint/format/index.js';
import { portsOf } from '../../wiring/ports.js';
import type { CliIO } from '../io.js';
import { teamDir } from './lint-common.js';

interface LintOptions {
  format?: string;
  json?: boolean;
  maxWarnings?: string;
  strict?: boolean;
  dir?: string;
}

/** `ois lint [FILES...]`: check the registry, chat logs, config and shared files; exit 1 on errors. */
export function registerLint(program: Command, io: CliIO): void {
  program
    .command('lint')
    .description('check AGENTS.md, chat logs and ois.config.json, and look for leaked secrets in shared/')
    .argument('[files...]', 'files or directories to check (default: AGENTS.md, ois.config.json, chat/*.md, shared/)')
    .option('--format <format>', 'output format: pretty, json or github (workflow annotations)')
    .option('--json', 'the same as --format json')
    .option('--max-warnings <n>', 'also fail when there are more than N warnings')
    .option('--strict', 'also fail on any warning (the same as --max-warnings 0)')
    .option('--dir <path>', 'the team repository (default: the git repository containing the current directory)')
    .addHelpText(
      'after',
      '\nExit codes: 0 no errors (and warnings within --max-warnings), 1 errors found, 2 bad command line.\n' +
        'Rules and the JSON shape: docs/lint-rules.md.',
    )
    .action(async (files: string[], options: LintOptions) => {
      const format = chooseFormat(options);
      const maxWarnings = chooseMaxWarnings(options);
      const dir = await teamDir(io, options.dir);
      // A whole-repository lint also reports what git tracks as a symbolic link (a plain file in a clone of ois's).
      const ports = portsOf(io);
      const links = files.length === 0 ? await trackedSymlinks(ports.gitFor(dir)).catch(() => []) : [];
      const report = await lintRepository(
        dir,
        files.map((file) => resolve(io.cwd, file)),
        { fs: lintFsOf(ports.files), trackedSymlinks: links },
      );
      io.out(formatReport(report, format));
      const tooManyWarnings = maxWarnings !== undefined && report.warningCount > maxWarnings;
      io.setExitCode(report.errorCount > 0 || tooManyWarnings ? EXIT.failure : EXIT.ok);
      if (tooManyWarnings && report.errorCount === 0 && format === 'pretty') {
        io.err(`ois: ${report.warningCount} warnings, more than the ${maxWarnings} allowed`);
      }
    });
}

function chooseFormat(options: LintOptions): LintFormat {
  const format = options.format ?? (options.json ? 'json' : 'pretty');
  if (options.json && options.format !== undefined && options.format !== 'json') {
    throw new OisError('USAGE', '--json conflicts with --format ' + options.format);
  }
  if (!isLintFormat(format)) {
    throw new OisError('USAGE', `unknown format "${format}"`, { hint: 'Use --format pretty, json or github.' });
  }
  return format;
}

function chooseMaxWarnings(options: LintOptions): number | undefined {
  if (options.maxWarnings === undefined) return options.strict ? 0 : undefined;
  if (!/^\d+$/.test(options.maxWarnings)) {
    throw new OisError('USAGE', '--max-warnings takes a whole number', { hint: 'For example --max-warnings 0.' });
  }
  const n = Number(options.maxWarnings);
  return options.strict ? 0 : n;
}
