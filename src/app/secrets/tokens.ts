import { join } from 'node:path';
import { z } from 'zod';
import { OisError } from '../../core/errors.js';
import { checkTokenReference, tokenEnvName, type TokenKind } from '../../core/registry/fields.js';
import type { Agent } from '../../core/registry/types.js';
import { readPrivateJson, serial, writePrivateJson, type PrivateFilePorts } from './private-file.js';

/** `gateway`: the Gateway's operator token (invoke mode); `hooks`: its narrower hooks token. */
export type { TokenKind };

const fileSchema = z.object({
  tokens: z.record(z.string(), z.string()).default({}),
  hooksTokens: z.record(z.string(), z.string()).default({}),
});
type TokenFile = z.infer<typeof fileSchema>;

/** The local secret file `<config dir>/tokens.json` (mode 0600). */
export interface TokenStore {
  readonly path: string;
  get(peerId: string, kind?: TokenKind): Promise<string | undefined>;
  set(peerId: string, token: string, kind?: TokenKind): Promise<void>;
  /** Peer ids that have a token of `kind`; never the tokens. */
  list(kind?: TokenKind): Promise<string[]>;
  remove(peerId: string, kind?: TokenKind): Promise<boolean>;
}

/** @example const store = createTokenStore(oisConfigDir(ports.system), ports); await store.set('bob', token) */
export function createTokenStore(configDir: string, ports: PrivateFilePorts): TokenStore {
  const path = join(configDir, 'tokens.json');
  const queue = serial();
  const read = async (): Promise<TokenFile> => {
    const parsed = fileSchema.safeParse((await readPrivateJson(ports, path)) ?? {});
    if (!parsed.success) throw new OisError('CONFIG_UNREADABLE', `${path} does not hold ois tokens`, { hint: 'Fix or delete the file.', data: { path } });
    return parsed.data;
  };
  const slot = (file: TokenFile, kind: TokenKind): Record<string, string> => (kind === 'hooks' ? file.hooksTokens : file.tokens);
  return {
    path,
    get: async (peerId, kind = 'gateway') => slot(await read(), kind)[peerId.toLowerCase()],
    set: (peerId, token, kind = 'gateway') =>
      queue(async () => {
        const problem = checkToken(token);
        if (problem !== undefined) throw new OisError('USAGE', problem);
        const file = await read();
        slot(file, kind)[peerId.toLowerCase()] = token;
        await writePrivateJson(ports, path, file);
      }),
    list: async (kind = 'gateway') => Object.keys(slot(await read(), kind)).sort(),
    remove: (peerId, kind = 'gateway') =>
      queue(async () => {
        const file = await read();
        const tokens = slot(file, kind);
        if (!(peerId.toLowerCase() in tokens)) return false;
        delete tokens[peerId.toLowerCase()];
        await writePrivateJson(ports, path, file);
        return true;
      }),
  };
}

/**
 * Why a token cannot be used as a bearer token, or undefined. The message never quotes the token.
 *
 * @example checkToken('abc def') // 'a token has no spaces or control characters'
 */
export function checkToken(token: string): string | undefined {
  if (token === '') return 'the token is empty';
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(token)) return 'a token has no spaces or control characters';
  if (token.length > 4096) return 'the token is longer than 4096 characters';
  return undefined;
}

export type TokenPeer = Pick<Agent, 'id' | 'wake'> & Partial<Pick<Agent, 'token' | 'hooksToken'>>;

/** A resolved token and, for messages, where it came from (never the token itself). */
export interface ResolvedToken {
  token: string;
  source: string;
}

/**
 * The token for waking `peer`, keyed by its id and nothing else: the environment variable
 * `OIS_TOKEN_<ID>` (`OIS_HOOKS_<ID>` in hooks mode), else the secret file (`ois token set ID`).
 * `envOverride` is `ois send --token-env NAME`: the operator's own command line, never repository content.
 * A registry section whose token field names any other variable is refused (TOKEN_REFUSED, naming the
 * section): repository content never chooses which secret is read. Throws TOKEN_MISSING saying where
 * to put a token.
 *
 * @example await resolveToken({ id: 'bob', wake: 'invoke' }, io.env, store)
 * // { token: '…', source: 'the environment variable OIS_TOKEN_BOB' }
 */
export async function resolveToken(
  peer: TokenPeer,
  env: Readonly<Record<string, string | undefined>>,
  store: Pick<TokenStore, 'get'>,
  envOverride?: string,
): Promise<ResolvedToken> {
  const kind: TokenKind = peer.wake === 'hooks' ? 'hooks' : 'gateway';
  refuseForeignReference(peer);
  const name = envOverride ?? tokenEnvName(peer.id, kind);
  // The only environment read in this module: a name built from the peer id (or the operator's --token-env).
  const fromEnv = env[name]?.trim();
  if (fromEnv) return { token: fromEnv, source: `the environment variable ${name}` };
  const stored = await store.get(peer.id, kind);
  if (stored !== undefined) return { token: stored, source: `\`ois token set ${peer.id}${kind === 'hooks' ? ' --hooks' : ''}\`` };
  throw new OisError('TOKEN_MISSING', `no ${kind === 'hooks' ? 'hooks ' : ''}token for ${peer.id}`, {
    hint: `Set ${name} in the environment, or run \`ois token set ${peer.id}${kind === 'hooks' ? ' --hooks' : ''}\` and paste the token on standard input.`,
    data: { peer: peer.id, env: name },
  });
}

/**
 * Throws TOKEN_REFUSED when the peer's section names a variable other than its own in `Token` or
 * `Hooks-Token` (the registry may keep `env:OIS_TOKEN_<OWN ID>` for readability, nothing else).
 *
 * @example refuseForeignReference({ id: 'c', wake: 'invoke', token: 'env:OIS_TOKEN_B' }) // throws TOKEN_REFUSED
 */
export function refuseForeignReference(peer: TokenPeer): void {
  for (const [field, kind, value] of [['Token', 'gateway', peer.token], ['Hooks-Token', 'hooks', peer.hooksToken]] as const) {
    if (value === undefined || checkTokenReference(value.trim(), peer.id.toLowerCase(), kind) === undefined) continue;
    throw new OisError('TOKEN_REFUSED', `the section of ${peer.id} in AGENTS.md names another secret in its ${field} field; no token is sent to ${peer.id}`, {
      hint: `ois reads ${peer.id}'s token only from ${tokenEnvName(peer.id, kind)} or \`ois token set ${peer.id}${kind === 'hooks' ? ' --hooks' : ''}\`. Fix the section (\`${field}: env:${tokenEnvName(peer.id, kind)}\`, or remove the field); \`ois lint AGENTS.md\` shows where.`,
      data: { peer: peer.id, field },
    });
  }
}

/** Where the token of `peer` would come from, for messages. */
export function tokenSourceHint(peer: TokenPeer): string {
  const kind: TokenKind = peer.wake === 'hooks' ? 'hooks' : 'gateway';
  return `the environment variable ${tokenEnvName(peer.id, kind)} or \`ois token set ${peer.id}${kind === 'hooks' ? ' --hooks' : ''}\``;
}
