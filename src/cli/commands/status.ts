import type { Command } from 'commander';
import { readStatus, type StatusReport } from '../../app/clone/status.js';
import { EXIT } from '../../core/errors.js';
import { describeNotice } from '../../core/sync/notices.js';
import { portsOf } from '../../wiring/ports.js';
import type { CliIO } from '../io.js';

export function registerStatus(program: Command, io: CliIO): void {
  program
    .command('status')
    .description('last sync, unpushed commits and their age, last error, whether a watcher runs, pulled files not in force, held trust pins, the last logged events')
    .option('--json', 'machine-readable output (shape in docs/cli.md)')
    .addHelpText('after', '\nExit code 0 when all is pushed and the last sync succeeded, 1 when something needs attention.')
    .action(async (options: { json?: boolean }) => {
      const report = await readStatus(io.cwd, portsOf(io), new Date());
      if (options.json) io.out(JSON.stringify(report, null, 2));
      else io.out(formatStatus(report));
      const attention = report.problems.length > 0 || report.movedPins.length > 0 || report.trustError !== undefined;
      if (report.lastError || report.unpushed.commits > 0 || report.conflict || report.held.some((n) => n.kind === 'held') || attention) io.setExitCode(EXIT.failure);
    });
}

export function formatStatus(report: StatusReport): string {
  const lines = [`clone      ${report.top}`, `agent      ${report.id ?? '(no identity: run `ois join`)'}`, `branch     ${report.branch}`];
  lines.push(`watcher    ${report.watcher.running ? `running (${report.watcher.detail ?? ''})` : 'not running'}`);
  lines.push(`last sync  ${report.lastSuccessAt ?? 'never'}${report.lastPushAt ? `   last push ${report.lastPushAt}` : ''}`);
  const { commits, oldestAgeSeconds } = report.unpushed;
  lines.push(
    commits === 0
      ? 'unpushed   none'
      : `unpushed   ${commits} commit${commits === 1 ? '' : 's'}, the oldest ${formatAge(oldestAgeSeconds ?? 0)} old  <- not on the remote yet`,
  );
  if (report.lastError) {
    lines.push(`last error ${report.lastError.message} (${report.lastError.code}, ${report.lastError.at})`);
    if (report.lastError.hint) lines.push(`           ${report.lastError.hint}`);
  }
  if (report.conflict) lines.push(`conflict   ${report.conflict.files.join(', ')}`);
  for (const e of report.excluded) lines.push(`left out   ${e.path}: ${e.detail}`);
  for (const p of report.problems) lines.push(`not used   ${p.text}`);
  for (const m of report.movedPins) lines.push(`pin held   ${m.text}`);
  if (report.trustError) lines.push(`trust      ${report.trustError.message}${report.trustError.hint ? ` (${report.trustError.hint})` : ''}`);
  for (const held of report.wakeBudget) {
    const or = held.reason === 'exchange' ? ' (or as soon as another member writes)' : '';
    const wakes = held.wakes === 1 ? '1 held wake goes' : `${held.wakes} held wakes go`;
    lines.push(`wakes held ${held.peer}: ${held.because}; ${wakes} out as one digest at ${formatEventTime(held.until)} UTC${or}`);
  }
  for (const n of report.held) lines.push(`chat       ${describeNotice(n)}`);
  if (report.restored.length > 0) {
    lines.push('', 'restored and kept aside (the last ones; .git/ois/status.json)');
    for (const n of report.restored.slice(-5)) lines.push(`  ${formatEventTime(n.at)} ${describeNotice(n)}`);
  }
  if (report.recentEvents.length > 0) {
    lines.push('', 'recent events (.git/ois/ois.log)');
    for (const e of report.recentEvents) lines.push(`  ${formatEventTime(e.at)} ${e.level.padEnd(5)} ${e.message}`);
  }
  return lines.join('\n');
}

/** `2026-11-23T14:32:05.120Z` → `2026-11-23 14:32:05` (UTC, as the log stores it). */
function formatEventTime(at: string): string {
  return at.slice(0, 19).replace('T', ' ');
}

function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
