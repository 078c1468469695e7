import type { Command } from 'commander';
import { oisConfigDir } from '../../app/secrets/config-dir.js';
import { createTrustStore } from '../../app/secrets/trust.js';
import { findPeer } from '../../app/wake/find-peer.js';
import { OisError } from '../../core/errors.js';
import { checkGatewayUrl } from '../../core/registry/fields.js';
import { normalizeGatewayUrl } from '../../core/wake/request.js';
import type { CliIO } from '../io.js';

/**
 * `ois trust ID [--url URL]`: trust the Gateway URL of peer ID (from AGENTS.md, or `--url`) with its
 * token, replacing any earlier pin. `ois trust` alone lists the pins.
 *
 * @example ois trust bob            # after bob's Gateway really moved
 */
export function registerTrust(program: Command, io: CliIO): void {
  program
    .command('trust [id]')
    .description("trust a peer's Gateway URL with its token (after a move); without ID, list trusted URLs")
    .option('--url <url>', 'the URL to trust (default: the Gateway field in AGENTS.md)')
    .option('--json', 'output JSON')
    .action(async (id: string | undefined, options: { url?: string; json?: boolean }) => {
      const trust = createTrustStore(oisConfigDir(io.env));
      if (id === undefined) {
        const pins = await trust.list();
        if (options.json) io.out(JSON.stringify({ pins }));
        else io.out(pins.length === 0 ? 'No trusted Gateways yet.' : pins.map((p) => `${p.peerId}\t${p.url}`).join('\n'));
        return;
      }
      const url = options.url ?? (await findPeer(io.cwd, id)).agent?.gateway;
      if (url === undefined) {
        throw new OisError('NOT_FOUND', `no agent "${id}" in AGENTS.md here`, { hint: `Give the URL: ois trust ${id} --url http://host:18789` });
      }
      const problem = checkGatewayUrl(url);
      if (problem !== undefined) throw new OisError('USAGE', problem);
      const before = await trust.pin(id, url);
      const now = normalizeGatewayUrl(url) ?? url;
      if (options.json) io.out(JSON.stringify({ peer: id.toLowerCase(), url: now, previous: before ?? null }));
      else io.out(`Trusted ${now} for ${id.toLowerCase()}${before !== undefined && before !== now ? ` (was ${before})` : ''}.`);
    });
}
