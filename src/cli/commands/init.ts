import type { Command } from 'commander';
import { initTeam } from '../../app/setup/init.js';
import { packageSpec } from '../../core/package-info.js';
import type { CliIO } from '../io.js';
import { portsOf } from '../../wiring/ports.js';
import { identityFromOptions } from './options.js';

interface InitOptions {
  team?: string;
  id?: string;
  name?: string;
  gateway?: string;
  remote?: string;
  ciPackage?: string;
  ciPin: boolean;
}

export function registerInit(program: Command, io: CliIO): void {
  program
    .command('init')
    .description('create a team repository from the templates (or add them to an existing repository)')
    .argument('[dir]', 'folder of the team repository', '.')
    .option('--team <name>', 'team name (default: the folder name)')
    .option('--id <id>', "the founding member's agent id (this clone is that agent)")
    .option('--name <name>', 'display name of that agent (default: the id)')
    .option('--gateway <url>', "that agent's OpenClaw Gateway URL: with it, the founder is added to AGENTS.md")
    .option('--remote <url>', 'the shared remote to push to (added as "origin")')
    .option('--ci-package <spec>', `what the team's CI installs, pinned with its integrity in package-lock.json (default: ${packageSpec()})`)
    .option('--no-ci-pin', 'do not run npm to write package-lock.json (pin it yourself before CI runs)')
    .addHelpText('after', '\nRunning it twice changes nothing. Then push it: `git push -u origin main`, and run `ois watch` in it.')
    .action(async (dir: string, options: InitOptions) => {
      const identity = identityFromOptions(options);
      const result = await initTeam({
        dir: resolveDir(io.cwd, dir),
        ...(options.ciPin ? { ciPackage: options.ciPackage ?? packageSpec() } : {}),
        ...(options.team ? { team: options.team } : {}),
        ...(identity ? { identity } : {}),
        ...(options.remote ? { remote: options.remote } : {}),
      }, portsOf(io));
      if (result.written.length === 0) io.out(`${result.top} is already an ois team repository; nothing changed.`);
      else io.out(`${result.created ? 'Created' : 'Set up'} team repository ${result.top}: ${result.written.join(', ')} (commit ${result.commit?.slice(0, 8)}).`);
      if (result.registered) io.out(`${identity?.name ?? ''} (${result.registered}) is the team's first member (AGENTS.md, Wake: hooks).`);
      else if (identity && !identity.gateway) io.out(`note: ${identity.id} is not in AGENTS.md: run \`ois init\` again with --gateway URL to add it.`);
      if (result.ciPin?.pinned) io.out(`The team's CI runs ${result.ciPin.spec}, pinned with its integrity in package-lock.json.`);
      else if (result.ciPin) {
        io.err(`warning: could not pin the CI's ois (${result.ciPin.problem}); package.json names the exact version, and CI fails until package-lock.json exists:`);
        io.err(`  run \`npm install --package-lock-only --save-exact --save-dev ${result.ciPin.spec}\` in ${result.top}, then commit package-lock.json.`);
      }
      if (result.hooks === 'hooks-path-elsewhere') io.err('note: core.hooksPath points outside .git; add `ois hook pre-commit` to your own pre-commit hook.');
      if (result.written.length > 0) io.out(`Next: cd ${result.top} && git push -u origin main${identity ? ' && ois watch' : ''}. New members follow docs/how-to-join.md.`);
    });
}

function resolveDir(cwd: string, dir: string): string {
  return dir.startsWith('/') ? dir : `${cwd}/${dir}`;
}
