import type { Command } from 'commander';
import { createGit } from '../../adapters/git.js';
import { whoMoved } from '../../app/in-force/moved.js';
import { oisConfigDir } from '../../app/secrets/config-dir.js';
import { canonical, createTrustStore } from '../../app/secrets/trust.js';
import { findPeer } from '../../app/wake/find-peer.js';
import { OisError } from '../../core/errors.js';
import { checkGatewayUrl, checkId } from '../../core/registry/fields.js';
import { oneLine } from '../../core/safe-text.js';
import type { CliIO } from '../io.js';
import { portsOf } from '../../wiring/ports.js';

interface TrustOptions {
  url?: string;
  yes?: boolean;
  json?: boolean;
}

/**
 * `ois trust ID [--url URL] [--yes]`: trust the Gateway URL of peer ID (the registry in force, or
 * `--url`) with its token. It shows the URL pinned now and the new one (with the commit and author that
 * brought it into AGENTS.md) and asks before it changes anything; without a terminal it confirms only
 * with `--yes`. `ois trust` alone lists the pins.
 *
 * @example ois trust bob            # after bob's Gateway really moved
 * @example ois trust bob --url http://10.0.0.7:18789 --yes
 */
export function registerTrust(program: Command, io: CliIO): void {
  program
    .command('trust [id]')
    .description("trust a peer's Gateway URL with its token (shows the old and the new URL, asks first); without ID, list trusted URLs")
    .option('--url <url>', 'the URL to trust (default: the Gateway field of the registry in force)')
    .option('--yes', 'confirm without asking (needed when there is no terminal)')
    .option('--json', 'output JSON')
    .action(async (id: string | undefined, options: TrustOptions) => {
      const trust = createTrustStore(oisConfigDir(portsOf(io).system), portsOf(io));
      if (id === undefined) {
        const pins = await trust.list();
        if (options.json) io.out(JSON.stringify({ pins }));
        else io.out(pins.length === 0 ? 'No trusted Gateways yet.' : pins.map((p) => `${p.peerId}\t${p.url}${p.via ? `\t(${p.via}${p.at ? ` ${p.at.slice(0, 10)}` : ''})` : ''}`).join('\n'));
        return;
      }
      const peer = id.toLowerCase();
      const idProblem = checkId(peer);
      if (idProblem !== undefined) throw new OisError('USAGE', `"${id}" is not a peer id: ${idProblem}`);
      const url = options.url ?? (await findPeer(io.cwd, peer, portsOf(io))).agent?.gateway;
      if (url === undefined) {
        throw new OisError('NOT_FOUND', `no agent "${peer}" in the registry here`, { hint: `Give the URL: ois trust ${peer} --url http://host:18789` });
      }
      const problem = checkGatewayUrl(url);
      if (problem !== undefined) throw new OisError('USAGE', problem);
      const wanted = canonical(url);
      const before = await trust.get(peer);
      if (before === wanted) {
        if (options.json) io.out(JSON.stringify({ peer, url: wanted, previous: before, changed: false }));
        else io.out(`${peer}: ${wanted} is already trusted.`);
        return;
      }
      const who = options.url === undefined ? await whoMoved(createGit(io.cwd, { env: io.env }), 'HEAD', url) : undefined;
      const origin = who === undefined ? '' : ` (AGENTS.md, commit ${who.commit.slice(0, 8)} by ${oneLine(who.author)})`;
      if (!options.json) {
        io.out(`${peer}: pinned now  ${before ?? '(nothing: never trusted)'}`);
        io.out(`${peer}: new URL     ${oneLine(wanted)}${origin}`);
      }
      await confirm(io, peer, wanted, options.yes === true);
      await trust.pin(peer, wanted, 'trust');
      if (options.json) io.out(JSON.stringify({ peer, url: wanted, previous: before ?? null, changed: true }));
      else io.out(`Trusted ${wanted} for ${peer}${before !== undefined ? ` (was ${before})` : ''}: its token goes there from now on.`);
    });
}

/** Nothing is pinned without the operator's yes: `--yes`, or a "y" typed at the terminal. */
async function confirm(io: CliIO, peer: string, url: string, yes: boolean): Promise<void> {
  if (yes) return;
  const answer = io.ask === undefined ? undefined : await io.ask(`Send ${peer}'s token to ${url} from now on? [y/N] `);
  if (answer === undefined) {
    throw new OisError('USAGE', `not confirmed: there is no terminal to ask, and nothing was changed`, { hint: `Check the URL, then run \`ois trust ${peer} --yes\`.` });
  }
  if (!/^y(es)?$/i.test(answer.trim())) throw new OisError('NOT_CONFIRMED', 'not confirmed; nothing was changed');
}
