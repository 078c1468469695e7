import type { Command } from 'commander';
import { initTeam } from '../../app/setup/init.js';
import type { CliIO } from '../io.js';
import { identityFromOptions } from './options.js';

export function registerInit(program: Command, io: CliIO): void {
  program
    .command('init')
    .description('create a team repository from the templates (or add them to an existing repository)')
    .argument('[dir]', 'folder of the team repository', '.')
    .option('--team <name>', 'team name (default: the folder name)')
    .option('--id <id>', "this machine's agent id, if this clone is also an agent")
    .option('--name <name>', 'display name of that agent (default: the id)')
    .option('--gateway <url>', "that agent's OpenClaw Gateway URL")
    .option('--remote <url>', 'the shared remote to push to (added as "origin")')
    .addHelpText('after', '\nRunning it twice changes nothing. Then push it: `git push -u origin main` (or `ois sync` with --id).')
    .action(async (dir: string, options: { team?: string; id?: string; name?: string; gateway?: string; remote?: string }) => {
      const identity = identityFromOptions(options);
      const result = await initTeam({
        dir: resolveDir(io.cwd, dir),
        env: io.env,
        ...(options.team ? { team: options.team } : {}),
        ...(identity ? { identity } : {}),
        ...(options.remote ? { remote: options.remote } : {}),
      });
      if (result.written.length === 0) io.out(`${result.top} is already an ois team repository; nothing changed.`);
      else io.out(`${result.created ? 'Created' : 'Set up'} team repository ${result.top}: ${result.written.join(', ')} (commit ${result.commit?.slice(0, 8)}).`);
      if (result.hooks === 'hooks-path-elsewhere') io.err('note: core.hooksPath points outside .git; add `ois hook pre-commit` to your own pre-commit hook.');
    });
}

function resolveDir(cwd: string, dir: string): string {
  return dir.startsWith('/') ? dir : `${cwd}/${dir}`;
}
