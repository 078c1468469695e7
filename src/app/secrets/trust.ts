import { join } from 'node:path';
import { z } from 'zod';
import { OisError } from '../../core/errors.js';
import { normalizeGatewayUrl } from '../../core/wake/request.js';
import { readPrivateJson, serial, writePrivateJson } from './private-file.js';

const fileSchema = z.object({ peers: z.record(z.string(), z.object({ url: z.string() })).default({}) });

/** `<config dir>/trust.json`: for each peer id, the Gateway URL this machine trusts with its token. */
export interface TrustStore {
  readonly path: string;
  get(peerId: string): Promise<string | undefined>;
  /** Pins `url` for `peerId`; returns the URL pinned before, if any. */
  pin(peerId: string, url: string): Promise<string | undefined>;
  /** Pins `url` only if nothing is pinned yet (atomically); returns the pin in force afterwards. */
  pinIfAbsent(peerId: string, url: string): Promise<string>;
  list(): Promise<Array<{ peerId: string; url: string }>>;
}

/** @example const trust = createTrustStore(oisConfigDir(io.env)) */
export function createTrustStore(configDir: string): TrustStore {
  const path = join(configDir, 'trust.json');
  const queue = serial();
  const read = async (): Promise<z.infer<typeof fileSchema>> => {
    const parsed = fileSchema.safeParse((await readPrivateJson(path)) ?? {});
    if (!parsed.success) throw new OisError('CONFIG_UNREADABLE', `${path} does not hold ois trust pins`, { hint: 'Fix or delete the file.', data: { path } });
    return parsed.data;
  };
  return {
    path,
    get: async (peerId) => (await read()).peers[peerId.toLowerCase()]?.url,
    pin: (peerId, url) =>
      queue(async () => {
        const file = await read();
        const before = file.peers[peerId.toLowerCase()]?.url;
        file.peers[peerId.toLowerCase()] = { url: canonical(url) };
        await writePrivateJson(path, file);
        return before;
      }),
    pinIfAbsent: (peerId, url) =>
      queue(async () => {
        const file = await read();
        const before = file.peers[peerId.toLowerCase()]?.url;
        if (before !== undefined) return before;
        file.peers[peerId.toLowerCase()] = { url: canonical(url) };
        await writePrivateJson(path, file);
        return canonical(url);
      }),
    list: async () =>
      Object.entries((await read()).peers)
        .map(([peerId, { url }]) => ({ peerId, url }))
        .sort((a, b) => a.peerId.localeCompare(b.peerId)),
  };
}

/**
 * Trust on first use, like SSH known_hosts: the first URL a token is sent to for `peerId` is pinned;
 * a different URL later (a registry change, a malicious pull request) throws UNTRUSTED_GATEWAY until
 * the operator runs `ois trust ID`. Returns `first-use` when it just pinned.
 *
 * @example await checkTrust(trust, 'bob', 'http://10.0.0.5:18789') // 'trusted' | 'first-use'
 */
export async function checkTrust(store: TrustStore, peerId: string, url: string): Promise<'trusted' | 'first-use'> {
  const wanted = canonical(url);
  const existing = await store.get(peerId);
  const pinned = existing ?? (await store.pinIfAbsent(peerId, wanted));
  if (pinned === wanted) return existing === undefined ? 'first-use' : 'trusted';
  throw untrusted(peerId, pinned, wanted);
}

function untrusted(peerId: string, pinned: string, url: string): OisError {
  return new OisError('UNTRUSTED_GATEWAY', `${peerId}'s Gateway URL changed from ${pinned} to ${url}; its token is not sent there until you confirm`, {
    hint: `If ${peerId} really moved, run \`ois trust ${peerId}\`.`,
    data: { peer: peerId, pinned, url },
  });
}

function canonical(url: string): string {
  return normalizeGatewayUrl(url) ?? url.trim();
}
