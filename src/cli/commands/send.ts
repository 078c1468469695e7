import type { Command } from 'commander';
import { createGatewayClient } from '../../adapters/gateway.js';
import { oisConfigDir } from '../../app/secrets/config-dir.js';
import { createTokenStore, tokenSourceHint } from '../../app/secrets/tokens.js';
import { createTrustStore } from '../../app/secrets/trust.js';
import { openRepo } from '../../app/clone/repo.js';
import { findPeer } from '../../app/wake/find-peer.js';
import { wakePeer, type WakeTarget } from '../../app/wake/wake-peer.js';
import { ERROR_EXIT, EXIT, OisError } from '../../core/errors.js';
import { DEFAULT_SESSION, parseWakeMode } from '../../core/registry/fields.js';
import { describeOutcome } from '../../core/wake/describe.js';
import { frameDirectMessage } from '../../core/wake/message.js';
import { randomBoundary } from '../../adapters/random.js';
import type { CliIO } from '../io.js';
import { portsOf } from '../../wiring/ports.js';

interface SendOptions {
  gateway?: string;
  session?: string;
  wake?: string;
  tokenEnv?: string;
  timeout?: string;
  json?: boolean;
}

/**
 * `ois send ID MESSAGE`: wakes one peer now with MESSAGE (framed as a team message), through the same
 * client, token and trust checks as the automatic wakes. The peer comes from AGENTS.md in the current
 * directory; flags override its fields or stand in for it. Exit 0 when delivered, 9 when not.
 *
 * @example ois send bob "the build is green, please pull"
 * @example ois send bob hi --gateway http://127.0.0.1:18789 --token-env BOB_TOKEN
 */
export function registerSend(program: Command, io: CliIO): void {
  program
    .command('send <id> <message...>')
    .description("wake one peer's agent now with MESSAGE")
    .option('--gateway <url>', "the peer's Gateway URL (default: from AGENTS.md)")
    .option('--session <key>', `the session to wake (default: from AGENTS.md, else ${DEFAULT_SESSION})`)
    .option('--wake <mode>', 'invoke or hooks (default: from AGENTS.md, else invoke)')
    .option('--token-env <name>', 'read the token from this environment variable')
    .option('--timeout <ms>', 'give up after this many milliseconds', '10000')
    .option('--json', 'output JSON')
    .action(async (id: string, words: string[], options: SendOptions) => {
      const peer = await target(io, id, options);
      const timeoutMs = Number(options.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new OisError('USAGE', '--timeout takes a positive number of milliseconds');
      const ports = portsOf(io);
      const configDir = oisConfigDir(ports.system);
      const client = createGatewayClient({ timeoutMs });
      try {
        const deps = { client, tokens: createTokenStore(configDir, ports), trust: createTrustStore(configDir, ports), env: io.env };
        const from = await sender(io);
        const input = { peer, message: frameDirectMessage(words.join(' '), from === undefined ? { boundary: randomBoundary() } : { from, boundary: randomBoundary() }), signal: io.signal };
        const outcome = await wakePeer(deps, options.tokenEnv === undefined ? input : { ...input, tokenEnv: options.tokenEnv });
        const tokenSource = options.tokenEnv === undefined ? tokenSourceHint(peer) : `the environment variable ${options.tokenEnv}`;
        const sentence = describeOutcome(peer.id, outcome, { gateway: peer.gateway, mode: peer.wake, tokenSource });
        if (options.json) io.out(JSON.stringify({ peer: peer.id, gateway: peer.gateway, outcome, message: sentence }));
        else if (outcome.kind === 'delivered') io.out(sentence);
        else io.err(`ois: ${sentence}`);
        if (outcome.kind === 'not-sent') io.setExitCode(ERROR_EXIT[outcome.code]);
        else if (outcome.kind !== 'delivered') io.setExitCode(EXIT.gateway);
      } finally {
        await client.close();
      }
    });
}

/** Who sends: this clone's agent (`Name (@id)`), when `ois send` runs in a clone with an identity. */
async function sender(io: CliIO): Promise<string | undefined> {
  const identity = await openRepo(io.cwd, portsOf(io)).then(
    (repo) => repo.identity,
    () => undefined,
  );
  return identity === undefined ? undefined : `${identity.name} (@${identity.id})`;
}

async function target(io: CliIO, id: string, options: SendOptions): Promise<WakeTarget> {
  const { agent, registryFound } = await findPeer(io.cwd, id, portsOf(io));
  const gateway = options.gateway ?? agent?.gateway;
  if (gateway === undefined) {
    const where = registryFound ? `no agent "${id}" in AGENTS.md` : 'no AGENTS.md in this directory';
    throw new OisError('NOT_FOUND', where, { hint: `Run it in the team repository, or give --gateway URL.` });
  }
  const wake = options.wake === undefined ? (agent?.wake ?? 'invoke') : parseWakeMode(options.wake);
  if (wake === undefined) throw new OisError('USAGE', '--wake is invoke or hooks');
  const peer: WakeTarget = { id: agent?.id ?? id.toLowerCase(), gateway, session: options.session ?? agent?.session ?? DEFAULT_SESSION, wake };
  if (agent?.token !== undefined) peer.token = agent.token;
  if (agent?.hooksToken !== undefined) peer.hooksToken = agent.hooksToken;
  return peer;
}
