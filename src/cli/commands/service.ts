import type { Command } from 'commander';
import { runService, type ServiceAction, type ServiceResult } from '../../app/service/service.js';
import { EXIT, OisError } from '../../core/errors.js';
import type { CliIO } from '../io.js';
import { portsOf } from '../../wiring/ports.js';

/**
 * `ois service install|uninstall|status`: `ois watch --log-format json` for this clone as a user
 * service (systemd user unit, launchd agent, Task Scheduler task). Where the service manager is
 * missing, prints the file, where it goes and the commands instead (exit 0).
 *
 * @example ois service install && ois service status
 */
export function registerService(program: Command, io: CliIO): void {
  const service = program
    .command('service')
    .description('run `ois watch` for this clone as a user service: install, uninstall, status')
    .addHelpText(
      'after',
      `
Linux: a systemd user unit in ~/.config/systemd/user/; macOS: a launchd agent in ~/Library/LaunchAgents/;
Windows: a Task Scheduler task \\ois\\<name>. Restarted on failure with a back-off. Tokens are never written
into the service file: see docs/operate.md. Without a reachable service manager (a container, an SSH
session without lingering) nothing is changed: the file and the commands are printed instead.`,
    );
  for (const action of ['install', 'uninstall', 'status'] as const) {
    service
      .command(action)
      .description(DESCRIPTIONS[action])
      .option('--json', 'machine-readable output')
      .option('--print', 'change nothing: print the file and the commands')
      .action(async (options: { json?: boolean; print?: boolean }) => {
        const result = await runService(action, io.cwd, portsOf(io), { printOnly: options.print === true });
        io.out(options.json ? JSON.stringify(result, null, 2) : formatService(result));
        if (result.failed) io.setExitCode(EXIT.failure);
      });
  }
  service.action(() => {
    throw new OisError('USAGE', 'ois service needs an action', { hint: 'Use `ois service install`, `ois service uninstall` or `ois service status`.' });
  });
}

const DESCRIPTIONS: Record<ServiceAction, string> = {
  install: 'write and start the user service for this clone',
  uninstall: 'stop and remove the user service of this clone',
  status: 'whether the service is installed and running',
};

export function formatService(result: ServiceResult): string {
  const lines: string[] = [];
  if (result.action === 'status') {
    lines.push(`service   ${result.name} (${result.platform})`, `file      ${result.file} ${result.installed ? '(present)' : '(not installed)'}`);
    if (result.state) lines.push(`state     ${result.state.active ?? 'unknown'}${result.state.enabled ? `, ${result.state.enabled}` : ''}`);
    else lines.push(`state     unknown: ${result.managerNote ?? 'no service manager'}`);
    lines.push(`watcher   ${result.watcherRunning ? 'running' : 'not running'}`);
    return lines.join('\n');
  }
  if (result.mode === 'manual') {
    lines.push(`The service manager is not available here (${result.managerNote ?? 'unknown'}); nothing was changed.`);
    if (result.content !== undefined) {
      lines.push('', `Save this as ${result.file}:`, '', result.content.trimEnd(), '');
    }
    lines.push(`Then run${result.action === 'install' ? ' (where the service manager works)' : ''}:`, ...result.commands.map((c) => `  ${c}`));
  } else if (result.failed) {
    lines.push(`${result.action} of ${result.name} failed at \`${result.failed.command}\`: ${result.failed.detail}`);
  } else {
    lines.push(result.action === 'install' ? `Installed and started ${result.name} (${result.file}).` : `Stopped and removed ${result.name}.`);
    lines.push(...result.commands.map((c) => `  ran: ${c}`));
  }
  if (result.action === 'install') lines.push('', ...result.notes);
  return lines.join('\n');
}
