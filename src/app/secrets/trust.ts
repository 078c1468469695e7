import { join } from 'node:path';
import { z } from 'zod';
import { OisError } from '../../core/errors.js';
import { normalizeGatewayUrl } from '../../core/wake/request.js';
import type { Clock } from '../../ports/index.js';
import { readPrivateJson, serial, writePrivateJson, type PrivateFilePorts } from './private-file.js';

/** How the operator confirmed a pin (shown by `ois trust` and `ois doctor`). */
export type PinSource = 'join' | 'token-set' | 'trust' | 'first-wake';

const pinSchema = z.object({ url: z.string().min(1), via: z.enum(['join', 'token-set', 'trust', 'first-wake']).optional(), at: z.string().optional() }).strict();
// Strict on purpose: a file that is not exactly ois's pins is an error, never read as "nothing pinned".
const fileSchema = z.object({ peers: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/), pinSchema) }).strict();
type TrustFile = z.infer<typeof fileSchema>;

/** One pin: the Gateway URL this machine trusts with a peer's token. */
export interface Pin {
  peerId: string;
  url: string;
  via?: PinSource | undefined;
  at?: string | undefined;
}

/** `<config dir>/trust.json`: for each peer id, the Gateway URL this machine trusts with its token. */
export interface TrustStore {
  readonly path: string;
  get(peerId: string): Promise<string | undefined>;
  /** Pins `url` for `peerId`; returns the URL pinned before, if any. */
  pin(peerId: string, url: string, via?: PinSource): Promise<string | undefined>;
  /** Pins `url` only if nothing is pinned yet (atomically); returns the pin in force afterwards. */
  pinIfAbsent(peerId: string, url: string, via?: PinSource): Promise<string>;
  list(): Promise<Pin[]>;
}

/** @example const trust = createTrustStore(oisConfigDir(ports.system), ports) */
export function createTrustStore(configDir: string, ports: PrivateFilePorts & { clock: Pick<Clock, 'now'> }): TrustStore {
  const path = join(configDir, 'trust.json');
  const queue = serial();
  const read = async (): Promise<TrustFile> => {
    const raw = await readPrivateJson(ports, path);
    if (raw === undefined) return { peers: {} }; // no file yet: nothing pinned
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      throw new OisError('CONFIG_UNREADABLE', `${path} does not hold ois trust pins; no token is sent until it is fixed`, {
        hint: `ois never resets the pins by itself. Fix the file, or move it away (every peer is then unpinned: confirm each with \`ois trust ID\`).`,
        data: { path },
      });
    }
    return parsed.data;
  };
  const write = (file: TrustFile, peerId: string, url: string, via: PinSource | undefined): Promise<void> => {
    file.peers[peerId.toLowerCase()] = { url: canonical(url), ...(via === undefined ? {} : { via }), at: ports.clock.now().toISOString() };
    return writePrivateJson(ports, path, file);
  };
  return {
    path,
    get: async (peerId) => (await read()).peers[peerId.toLowerCase()]?.url,
    pin: (peerId, url, via) =>
      queue(async () => {
        const file = await read();
        const before = file.peers[peerId.toLowerCase()]?.url;
        await write(file, peerId, url, via);
        return before;
      }),
    pinIfAbsent: (peerId, url, via) =>
      queue(async () => {
        const file = await read();
        const before = file.peers[peerId.toLowerCase()]?.url;
        if (before !== undefined) return before;
        await write(file, peerId, url, via);
        return canonical(url);
      }),
    list: async () =>
      Object.entries((await read()).peers)
        .map(([peerId, pin]) => ({ peerId, ...pin }))
        .sort((a, b) => a.peerId.localeCompare(b.peerId)),
  };
}

/**
 * A token goes only to a URL the operator confirmed: pinned at `ois join`, by `ois token set`, by
 * `ois trust`, or here, at the first wake of a peer whose token the operator provisioned (the caller
 * resolves the token first). A different URL later (a registry change, a malicious pull request)
 * throws UNTRUSTED_GATEWAY until the operator runs `ois trust ID`; a pulled change never re-points a
 * pin. Returns `first-use` when it just pinned.
 *
 * @example await checkTrust(trust, 'bob', 'http://10.0.0.5:18789') // 'trusted' | 'first-use'
 */
export async function checkTrust(store: TrustStore, peerId: string, url: string): Promise<'trusted' | 'first-use'> {
  const wanted = canonical(url);
  const existing = await store.get(peerId);
  const pinned = existing ?? (await store.pinIfAbsent(peerId, wanted, 'first-wake'));
  if (pinned === wanted) return existing === undefined ? 'first-use' : 'trusted';
  throw untrusted(peerId, pinned, wanted);
}

function untrusted(peerId: string, pinned: string, url: string): OisError {
  return new OisError('UNTRUSTED_GATEWAY', `${peerId}'s Gateway URL changed from ${pinned} to ${url}; its token is not sent there until you confirm`, {
    hint: `If ${peerId} really moved, run \`ois trust ${peerId}\` (it shows both URLs before it asks).`,
    data: { peer: peerId, pinned, url },
  });
}

/** A URL in the form pins compare in. */
export function canonical(url: string): string {
  return normalizeGatewayUrl(url) ?? url.trim();
}
