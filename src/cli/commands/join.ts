import type { Command } from 'commander';
import { joinTeam } from '../../app/setup/join.js';
import type { CliIO } from '../io.js';
import { identityFromOptions } from './options.js';
import { OisError } from '../../core/errors.js';
import { locateOpenClaw } from '../../adapters/openclaw.js';
import { runSetup } from './openclaw.js';

export function registerJoin(program: Command, io: CliIO): void {
  program
    .command('join')
    .description('clone the team repository and set this machine up as agent ID')
    .argument('<remote>', 'URL of the team repository (any git URL: ssh, https, file, git)')
    .argument('[dir]', 'folder for the clone (default: named after the repository)')
    .requiredOption('--id <id>', 'this agent\'s id (lower-case ASCII, e.g. "aria")')
    .option('--name <name>', 'display name (Unicode welcome; default: the id)')
    .option('--gateway <url>', "this agent's OpenClaw Gateway URL, e.g. http://127.0.0.1:18789")
    .option('--no-openclaw', 'do not run `ois openclaw setup` at the end, even when OpenClaw is on this machine')
    .addHelpText('after', '\nThe identity goes into the clone\'s git config (ois.id, ois.name, ois.gateway), never into a tracked file.\nThen run `ois watch` in the clone.')
    .action(async (remote: string, dir: string | undefined, options: { id: string; name?: string; gateway?: string; openclaw: boolean }) => {
      const identity = identityFromOptions(options);
      if (!identity) throw new OisError('USAGE', '--id is required');
      const result = await joinTeam({ remote, identity, cwd: io.cwd, env: io.env, ...(dir ? { dir } : {}) });
      io.out(`${result.cloned ? 'Cloned' : 'Reused'} ${result.top} as ${identity.name} (${identity.id}).`);
      if (result.onboarding?.kind === 'needs-gateway') {
        io.out(`note: ${identity.id} is not in AGENTS.md. To prepare your onboarding pull request, run ois join again with --gateway URL.`);
      } else if (result.onboarding) {
        const { branch, link } = result.onboarding;
        io.out(`${identity.id} is not in AGENTS.md yet: your section is on branch ${branch}, pushed to the remote.`);
        io.out(link ? `Open the pull request (${link.host}): ${link.url}` : `Ask a member to merge ${branch} into the main branch (for example: git merge origin/${branch} && git push).`);
        io.out('Once it is merged, every member\'s ois knows you. Meanwhile you can already sync and chat.');
      }
      if (options.openclaw) await setUpOpenClaw(io, result.top);
      io.out(`Next: cd ${result.top} && ois watch`);
    });
}

/** The end of `ois join` when OpenClaw is on this machine: `ois openclaw setup` (its failure does not undo the join). */
async function setUpOpenClaw(io: CliIO, top: string): Promise<void> {
  if ((await locateOpenClaw(io.env, { cwd: top })) === undefined) {
    io.out('OpenClaw is not on this machine: on the machine of this agent\'s Gateway, run `ois openclaw setup` in its clone.');
    return;
  }
  io.out('OpenClaw found: installing the ois skill and preparing the Gateway to be woken (`ois openclaw setup`; skip with --no-openclaw).');
  try {
    const code = await runSetup(io, { cwd: top, env: io.env, dryRun: false });
    if (code !== 0) io.err('ois: the join is done; fix the above and run `ois openclaw setup` in the clone.');
  } catch (error) {
    io.err(`ois: the join is done, but \`ois openclaw setup\` failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof OisError && error.hint) io.err(`  ${error.hint}`);
  }
}
