import type { Command } from 'commander';
import { joinTeam, type JoinResult } from '../../app/setup/join.js';
import { describePins } from '../../app/secrets/pin.js';
import { describeProblem } from '../../app/in-force/problem.js';
import { CONFIG_FILE } from '../../app/clone/repo.js';
import type { Identity } from '../../core/identity.js';
import type { CliIO } from '../io.js';
import { portsOf } from '../../wiring/ports.js';
import { identityFromOptions } from './options.js';
import { OisError } from '../../core/errors.js';
import { locateOpenClaw } from '../../app/openclaw/locate.js';
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
    .addHelpText(
      'after',
      "\nThe identity goes into the clone's git config (ois.id, ois.name, ois.gateway), never into a tracked file.\n" +
        'Running it again with the same options changes nothing; with another --gateway it updates the join branch.\nThen run `ois watch` in the clone.',
    )
    .action(async (remote: string, dir: string | undefined, options: { id: string; name?: string; gateway?: string; openclaw: boolean }) => {
      const identity = identityFromOptions(options);
      if (!identity) throw new OisError('USAGE', '--id is required');
      const result = await joinTeam({ remote, identity, cwd: io.cwd, ...(dir ? { dir } : {}) }, portsOf(io));
      const lines = joinReport(result, identity);
      // The OpenClaw setup comes before the closing "Next: …" line.
      const next = lines.at(-1)?.startsWith('Next:') ? lines.pop() : undefined;
      for (const line of lines) io.out(line);
      if (options.openclaw) await setUpOpenClaw(io, result.top);
      if (next !== undefined) io.out(next);
    });
}

/** The end of `ois join` when OpenClaw is on this machine: `ois openclaw setup` (its failure does not undo the join). */
async function setUpOpenClaw(io: CliIO, top: string): Promise<void> {
  if ((await locateOpenClaw(portsOf(io), { cwd: top })) === undefined) {
    io.out('OpenClaw is not on this machine: on the machine of this agent\'s Gateway, run `ois openclaw setup` in its clone.');
    return;
  }
  io.out('OpenClaw found: installing the ois skill and preparing the Gateway to be woken (`ois openclaw setup`; skip with --no-openclaw).');
  try {
    const code = await runSetup(io, { cwd: top, dryRun: false });
    if (code !== 0) io.err('ois: the join is done; fix the above and run `ois openclaw setup` in the clone.');
  } catch (error) {
    io.err(`ois: the join is done, but \`ois openclaw setup\` failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof OisError && error.hint) io.err(`  ${error.hint}`);
  }
}

/** What `ois join` prints: what it did, the pull request to open, then the steps that remain. */
export function joinReport(result: JoinResult, identity: Identity): string[] {
  const lines = [`${result.cloned ? 'Cloned' : 'Reused'} ${result.top} (branch ${result.branch}) as ${identity.name} (${identity.id}).`];
  if (result.configProblem) lines.push(`note: ${CONFIG_FILE} on the team branch is not used as it is: ${describeProblem(result.configProblem)}.`);
  lines.push(...describePins(result.pins));
  if (result.committer.length > 0) lines.push(`Commits you make by hand in this clone are signed ${identity.name} <${identity.id}@ois.invalid> (git config ${result.committer.join(', ')}).`);
  const onboarding = result.onboarding;
  if (onboarding?.kind === 'needs-gateway') {
    lines.push(`note: ${identity.id} is not in AGENTS.md. To prepare your onboarding pull request, run ois join again with --gateway URL.`);
  } else if (onboarding) {
    const { branch, link, change, purpose } = onboarding;
    const what = purpose === 'join' ? `${identity.id} is not in AGENTS.md yet` : `AGENTS.md lists ${identity.id} with another Gateway URL`;
    const done = change === 'unchanged' ? 'already on the remote, up to date' : change === 'updated' ? 'updated on the remote' : 'pushed to the remote';
    lines.push(`${what}: your section is on branch ${branch}, ${done}.`);
    lines.push(
      link
        ? `Open the pull request (${link.host}): ${link.url}`
        : `Ask a member to merge it: in their clone, \`git pull --ff-only && git merge --no-edit origin/${branch} && git push\` (docs/how-to-join.md).`,
    );
    lines.push("Once it is merged, every member's ois knows you. Meanwhile you can already sync and chat.");
  }
  lines.push(
    'Tokens (docs/how-to-join.md): give your Gateway\'s hooks token to the other members out of band (never in the repository or the chat);',
    `  store each member's with \`ois token set ID --hooks\`, and your own with \`ois token set ${identity.id} --hooks\` (for catch-up wakes).`,
  );
  lines.push(`Next: cd ${result.top} && ois watch   (or \`ois service install\` to keep it running)`);
  return lines;
}
