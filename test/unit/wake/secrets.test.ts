import { testPorts } from '../../../harness/ports.js';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { oisConfigDir } from '../../../src/app/secrets/config-dir.js';
import { createTokenStore, resolveToken } from '../../../src/app/secrets/tokens.js';
import { checkTrust, createTrustStore } from '../../../src/app/secrets/trust.js';
import { isOisError } from '../../../src/core/errors.js';

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'ois-secrets-')), 'ois');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isOisError(error) ? error.code : String(error);
  }
}

describe('oisConfigDir', () => {
  it('prefers OIS_CONFIG_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(oisConfigDir({ env: { OIS_CONFIG_DIR: '/x', XDG_CONFIG_HOME: '/y' }, home: '/elsewhere' })).toBe('/x');
    expect(oisConfigDir({ env: { XDG_CONFIG_HOME: '/y' }, home: '/elsewhere' })).toBe('/y/ois');
    expect(oisConfigDir({ env: { HOME: '/home/a' }, home: '/elsewhere' })).toBe('/home/a/.config/ois');
    expect(oisConfigDir({ env: {}, home: '/home/b' })).toBe('/home/b/.config/ois');
  });
});

describe('token store', () => {
  it('keeps tokens in a 0600 file in a 0700 directory and lists ids only', async () => {
    const store = createTokenStore(dir, testPorts({}));
    await store.set('Bob', 'tok-bob-1234');
    await store.set('cleo', 'tok-cleo-5678', 'hooks');
    expect(await store.get('bob')).toBe('tok-bob-1234');
    expect(await store.get('cleo')).toBeUndefined();
    expect(await store.get('cleo', 'hooks')).toBe('tok-cleo-5678');
    expect(await store.list()).toEqual(['bob']);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('refuses a token file others can read, without printing its content', async () => {
    const store = createTokenStore(dir, testPorts({}));
    await store.set('bob', 'tok-bob-1234');
    await chmod(store.path, 0o644);
    const error = await store.get('bob').catch((e: unknown) => e);
    expect(isOisError(error) && error.code).toBe('CONFIG_UNREADABLE');
    expect(String((error as Error).message)).not.toContain('tok-bob-1234');
  });

  it('refuses tokens with whitespace', async () => {
    expect(await codeOf(createTokenStore(dir, testPorts({})).set('bob', 'a b'))).toBe('USAGE');
  });

  it('survives concurrent writes', async () => {
    const store = createTokenStore(dir, testPorts({}));
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => store.set(id, `tok-${id}-0000`)));
    expect(await store.list()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('resolveToken', () => {
  const peer = { id: 'bob', wake: 'invoke' as const, token: 'env:OIS_TOKEN_BOB' };
  it('takes OIS_TOKEN_<ID> first, then the secret file, and --token-env when the operator names one', async () => {
    const store = createTokenStore(dir, testPorts({}));
    await store.set('bob', 'from-file-1234');
    expect(await resolveToken(peer, { OIS_TOKEN_BOB: 'from-env-1234' }, store)).toEqual({
      token: 'from-env-1234',
      source: 'the environment variable OIS_TOKEN_BOB',
    });
    expect((await resolveToken(peer, {}, store)).token).toBe('from-file-1234');
    expect((await resolveToken(peer, { OTHER: 'x-1234' }, store, 'OTHER')).token).toBe('x-1234');
  });

  it('uses the hooks token reference in hooks mode', async () => {
    const hooksPeer = { id: 'bob', wake: 'hooks' as const, token: 'env:OIS_TOKEN_BOB', hooksToken: 'env:OIS_HOOKS_BOB' };
    expect((await resolveToken(hooksPeer, { OIS_TOKEN_BOB: 'gw-1234', OIS_HOOKS_BOB: 'hk-1234' }, createTokenStore(dir, testPorts({})))).token).toBe('hk-1234');
  });

  it('is keyed by the peer id: the variable a section names is never read', async () => {
    const store = createTokenStore(dir, testPorts({}));
    const env = { OIS_TOKEN_B: 'b-secret-1234', OIS_HOOKS_B: 'b-hooks-1234', OIS_TOKEN_C: 'c-secret-1234', OIS_TOKEN_DAVE_2: 'dave-1234' };
    // c names b's variable in its own section: refused, naming the section; b's token is never read for c.
    const hostile = { id: 'c', wake: 'invoke' as const, token: 'env:OIS_TOKEN_B' };
    const error = await resolveToken(hostile, env, store).catch((e: unknown) => e);
    expect(isOisError(error) && error.code).toBe('TOKEN_REFUSED');
    expect(String((error as Error).message)).toContain('the section of c in AGENTS.md');
    expect(JSON.stringify(error)).not.toContain('b-secret');
    expect(await codeOf(resolveToken({ id: 'c', wake: 'hooks', hooksToken: 'env:OIS_HOOKS_B' }, env, store))).toBe('TOKEN_REFUSED');
    // Without the field, or with its own name, c gets c's token only.
    expect((await resolveToken({ id: 'c', wake: 'invoke' }, env, store)).token).toBe('c-secret-1234');
    expect((await resolveToken({ id: 'c', wake: 'invoke', token: 'env:OIS_TOKEN_C' }, env, store)).token).toBe('c-secret-1234');
    expect((await resolveToken({ id: 'dave-2', wake: 'invoke' }, env, store)).token).toBe('dave-1234');
    // A new section whose token nobody provisioned gets nothing.
    expect(await codeOf(resolveToken({ id: 'dave', wake: 'invoke' }, env, store))).toBe('TOKEN_MISSING');
  });

  it('throws TOKEN_MISSING naming the variable', async () => {
    const error = await resolveToken(peer, {}, createTokenStore(dir, testPorts({}))).catch((e: unknown) => e);
    expect(isOisError(error) && error.code).toBe('TOKEN_MISSING');
    expect(isOisError(error) && error.hint).toContain('OIS_TOKEN_BOB');
  });
});

describe('trust on first use', () => {
  it('pins the first URL, accepts it again, refuses a new one until trusted', async () => {
    const trust = createTrustStore(dir, testPorts({}));
    expect(await checkTrust(trust, 'bob', 'http://10.0.0.5:18789/')).toBe('first-use');
    expect(await checkTrust(trust, 'bob', 'HTTP://10.0.0.5:18789')).toBe('trusted');
    expect(await codeOf(checkTrust(trust, 'bob', 'http://evil.example:18789'))).toBe('UNTRUSTED_GATEWAY');
    expect(await trust.pin('bob', 'http://evil.example:18789')).toBe('http://10.0.0.5:18789');
    expect(await checkTrust(trust, 'bob', 'http://evil.example:18789')).toBe('trusted');
  });

  it('refuses a trust file others can write', async () => {
    const trust = createTrustStore(dir, testPorts({}));
    await trust.pin('bob', 'http://a');
    await chmod(trust.path, 0o666);
    expect(await codeOf(trust.get('bob'))).toBe('CONFIG_UNREADABLE');
  });

  it('rejects a file that is not ois trust data, never reading it as "nothing pinned"', async () => {
    const trust = createTrustStore(dir, testPorts({}));
    await trust.pin('bob', 'http://a');
    for (const garbage of ['{"peers": 3}', 'null', '[]', '{}', '{"pins": {}}', '{"peers": {"bob": {"url": "http://a"}}, "x": 1}', '{"peers": {"Bob!": {"url": "http://a"}}}', 'not json']) {
      await writeFile(trust.path, garbage, { mode: 0o600 });
      expect(await codeOf(trust.get('bob')), garbage).toBe('CONFIG_UNREADABLE');
      expect(await codeOf(checkTrust(trust, 'bob', 'http://evil')), garbage).toBe('CONFIG_UNREADABLE');
      expect(await codeOf(trust.pinIfAbsent('bob', 'http://evil')), garbage).toBe('CONFIG_UNREADABLE');
    }
    expect(await readFile(trust.path, 'utf8')).toBe('not json'); // left as it was: never reset
  });

  it('remembers how each pin was confirmed', async () => {
    const trust = createTrustStore(dir, { ...testPorts({}), clock: { now: () => new Date('2026-11-23T10:00:00Z') } });
    await trust.pin('bob', 'http://a', 'join');
    await checkTrust(trust, 'cleo', 'http://c');
    expect(await trust.list()).toEqual([
      { peerId: 'bob', url: 'http://a', via: 'join', at: '2026-11-23T10:00:00.000Z' },
      { peerId: 'cleo', url: 'http://c', via: 'first-wake', at: '2026-11-23T10:00:00.000Z' },
    ]);
  });
});
