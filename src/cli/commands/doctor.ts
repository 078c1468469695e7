import type { Command } from 'commander';
import { runDoctor, type DoctorReport } from '../../app/doctor/run.js';
import { EXIT } from '../../core/errors.js';
import type { CliIO } from '../io.js';
import { portsOf } from '../../wiring/ports.js';

/**
 * `ois doctor [--json]`: checks this clone, its remote, its registry and each peer, one verdict each
 * (ok / warn / fail) with the fix. Exit 1 when a check fails; warnings do not fail. Never prints a token.
 *
 * @example ois doctor --json | jq '.checks[] | select(.verdict != "ok")'
 */
export function registerDoctor(program: Command, io: CliIO): void {
  program
    .command('doctor')
    .description('check this clone: git, identity, remote, merge driver, hooks, registry, tokens, trust, peers, watcher, unpushed work')
    .option('--json', 'print { version, top, ok, counts, checks: [{ id, title, verdict, detail, fix?, peer? }] } (docs/operate.md)')
    .addHelpText('after', '\nExit 0 when no check fails (warnings allowed), 1 when one does. Gateways are probed with session_status, which delivers nothing.')
    .action(async (options: { json?: boolean }) => {
      const report = await runDoctor(io.cwd, portsOf(io), new Date());
      io.out(options.json ? JSON.stringify(report, null, 2) : formatDoctor(report));
      if (!report.ok) io.setExitCode(EXIT.failure);
    });
}

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

export function formatDoctor(report: DoctorReport): string {
  const lines: string[] = [];
  if (report.top) lines.push(`clone ${report.top}`, '');
  for (const check of report.checks) {
    lines.push(`${MARK[check.verdict]}  ${check.title}: ${check.detail}`);
    if (check.fix !== undefined && check.verdict !== 'ok') lines.push(`      fix: ${check.fix}`);
  }
  const { ok, warn, fail } = report.counts;
  lines.push('', `${ok} ok, ${warn} warning${warn === 1 ? '' : 's'}, ${fail} failed${fail > 0 ? ': needs action' : ''}`);
  return lines.join('\n');
}
