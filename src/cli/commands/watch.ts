import { portsOf } from '../../wiring/ports.js';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createLogger } from '../../adapters/log.js';
import { openRepo, requireIdentity, requireRemote, requireTeam } from '../../app/clone/repo.js';
import { systemCycleDeps } from '../../wiring/cycle-deps.js';
import { runWatcher } from '../../app/sync/watcher.js';
import type { CliIO } from '../io.js';
import { cycleDepsWithGate } from './gate.js';
import { logFormat } from './options.js';

export function registerWatch(program: Command, io: CliIO): void {
  program
    .command('watch')
    .description('the long-running sync process for this clone (one per clone)')
    .option('--log-format <format>', 'text (default) or json (JSON lines)')
    .option('--verbose', 'also log debug events')
    .addHelpText(
      'after',
      `
Commits what the agent writes within a debounce (sync.debounceMs), polls the remote every
sync.pollIntervalMs, pushes, and logs one line per cycle that did something (also kept, as JSON
lines, in .git/ois/ois.log). Ctrl+C or SIGTERM finishes the current step and exits 0; a second
Ctrl+C exits at once (the next start heals whatever that interrupted).`,
    )
    .action(async (options: { logFormat?: string; verbose?: boolean }) => {
      const repo = await openRepo(io.cwd, portsOf(io));
      const identity = requireIdentity(repo);
      await requireRemote(repo);
      await requireTeam(repo);
      await mkdir(repo.stateDir, { recursive: true });
      const log = createLogger({
        format: logFormat(options.logFormat, io.isTTY),
        verbose: options.verbose ?? false,
        write: (line) => io.out(line),
        now: () => new Date(),
        file: join(repo.stateDir, 'ois.log'),
      });
      await runWatcher(repo, identity, io.env, log, cycleDepsWithGate(systemCycleDeps()), io.signal);
    });
}
