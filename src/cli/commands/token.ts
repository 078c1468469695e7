import type { Command } from 'commander';
import { createTokenStore, type TokenKind } from '../../app/secrets/tokens.js';
import { oisConfigDir } from '../../app/secrets/config-dir.js';
import { pinPeers } from '../../app/secrets/pin.js';
import { createTrustStore } from '../../app/secrets/trust.js';
import { findPeer } from '../../app/wake/find-peer.js';
import { oneLine } from '../../core/safe-text.js';
import { OisError } from '../../core/errors.js';
import { checkId } from '../../core/registry/fields.js';
import type { CliIO } from '../io.js';
import { portsOf } from '../../wiring/ports.js';

/**
 * `ois token set ID [--hooks]` (the token on standard input, never echoed; the peer's Gateway URL in the
 * registry in force is trusted with it if nothing is pinned yet), `ois token list`
 * (ids only), `ois token remove ID`. Tokens live in `<config dir>/tokens.json`, mode 0600.
 *
 * @example printf %s "$BOB_TOKEN" | ois token set bob
 */
export function registerToken(program: Command, io: CliIO): void {
  const token = program.command('token').description("store peers' Gateway tokens outside the repository (mode 0600)");
  const store = (): ReturnType<typeof createTokenStore> => createTokenStore(oisConfigDir(portsOf(io).system), portsOf(io));
  const kindOf = (options: { hooks?: boolean }): TokenKind => (options.hooks ? 'hooks' : 'gateway');

  token
    .command('set <id>')
    .description('store the token for peer ID, read from standard input')
    .option('--hooks', "store the peer's hooks token (for Wake: hooks)")
    .action(async (id: string, options: { hooks?: boolean }) => {
      assertId(id);
      const value = (await io.readStdin()).trim();
      if (value === '') {
        throw new OisError('USAGE', 'no token on standard input', { hint: `Pipe it in: printf %s "$TOKEN" | ois token set ${id}` });
      }
      const tokens = store();
      await tokens.set(id, value, kindOf(options));
      io.out(`Stored the ${options.hooks ? 'hooks ' : ''}token for ${id.toLowerCase()} in ${tokens.path}.`);
      // The operator provisions the token for the peer as the registry gives it now: that URL is trusted with it.
      const { agent } = await findPeer(io.cwd, id, portsOf(io)).catch(() => ({ agent: undefined }));
      if (agent !== undefined) {
        const trust = createTrustStore(oisConfigDir(portsOf(io).system), portsOf(io));
        for (const pin of await pinPeers(trust, [agent], '', 'token-set')) {
          if (pin.state === 'pinned') io.out(`Trusted ${oneLine(pin.url)} (the Gateway AGENTS.md gives ${pin.id} now) with it; \`ois trust ${pin.id}\` changes that.`);
          else if (pin.state === 'differs') io.out(`note: ${pin.id}'s token still goes only to ${pin.pinned ?? ''}; AGENTS.md now says ${oneLine(pin.url)}: check it, then \`ois trust ${pin.id}\`.`);
        }
      }
    });

  token
    .command('list')
    .description('list the peers that have a stored token (ids only)')
    .option('--hooks', 'list hooks tokens')
    .option('--json', 'output JSON')
    .action(async (options: { hooks?: boolean; json?: boolean }) => {
      const ids = await store().list(kindOf(options));
      if (options.json) io.out(JSON.stringify({ kind: kindOf(options), peers: ids }));
      else io.out(ids.length === 0 ? 'No stored tokens.' : ids.join('\n'));
    });

  token
    .command('remove <id>')
    .description('forget the stored token of peer ID')
    .option('--hooks', 'remove the hooks token')
    .action(async (id: string, options: { hooks?: boolean }) => {
      const removed = await store().remove(id, kindOf(options));
      if (!removed) throw new OisError('NOT_FOUND', `no stored token for ${id}`);
      io.out(`Removed the token for ${id.toLowerCase()}.`);
    });
}

function assertId(id: string): void {
  const problem = checkId(id.toLowerCase());
  if (problem !== undefined) throw new OisError('USAGE', `"${id}" is not a peer id: ${problem}`);
}
