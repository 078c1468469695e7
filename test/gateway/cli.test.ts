import { testPorts } from '../../harness/ports.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createClock } from '../../src/adapters/clock.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayClient } from '../../src/adapters/gateway.js';
import { createTokenStore } from '../../src/app/secrets/tokens.js';
import { createTrustStore } from '../../src/app/secrets/trust.js';
import { createWakeDispatcher, type WakeReport } from '../../src/app/wake/dispatcher.js';
import { wakePeer } from '../../src/app/wake/wake-peer.js';
import { EXIT } from '../../src/core/errors.js';
import { describeOutcome } from '../../src/core/wake/describe.js';
import { runCli } from '../../src/cli/program.js';
import { fakeIO } from '../helpers/fake-io.js';
import { startFakeGateway, type FakeFault, type FakeGateway } from '../helpers/fake-gateway.js';

const TOKEN = 'gw-secret-token-0123456789';
let root: string;
let env: Record<string, string>;
let gateways: FakeGateway[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ois-wake-cli-'));
  env = { OIS_CONFIG_DIR: join(root, 'config'), BOB_TOKEN: TOKEN };
});
afterEach(async () => {
  await Promise.all(gateways.map((gw) => gw.close()));
  gateways = [];
  await rm(root, { recursive: true, force: true });
});

async function gateway(allowTools = ['sessions_send'], fault: FakeFault = { kind: 'none' }): Promise<FakeGateway> {
  const gw = await startFakeGateway({ token: TOKEN, allowTools, fault });
  gateways.push(gw);
  return gw;
}

async function cli(args: string[], stdin = '') {
  const fake = fakeIO(root, env, stdin);
  const code = await runCli(args, fake.io);
  return { code, out: fake.stdout(), err: fake.stderr() };
}

async function writeRegistry(url: string): Promise<void> {
  await writeFile(join(root, 'AGENTS.md'), `# Team\n\n## Bob (Reviewer)\n\n- Gateway: ${url}\n- Token: env:OIS_TOKEN_BOB\n`);
}

describe('ois send', () => {
  it('wakes a peer from flags with a framed message', async () => {
    const gw = await gateway();
    const result = await cli(['send', 'bob', 'please', 'pull', '--gateway', gw.url, '--token-env', 'BOB_TOKEN']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toContain('Woke bob.');
    expect(gw.deliveries).toHaveLength(1);
    expect(gw.deliveries[0]?.message).toMatch(/^\[ois\] A message from a member of your team[\s\S]*> please pull/);
  });

  it('takes the peer from AGENTS.md and the token from the variable it names', async () => {
    const gw = await gateway();
    await writeRegistry(gw.url);
    env.OIS_TOKEN_BOB = TOKEN;
    const result = await cli(['send', 'bob', 'hi', '--json']);
    expect(result.code).toBe(EXIT.ok);
    expect(JSON.parse(result.out)).toMatchObject({ peer: 'bob', outcome: { kind: 'delivered' } });
  });

  it('exits 9 with the gateway.tools.allow advice when the tool is denied', async () => {
    const gw = await gateway([]);
    const result = await cli(['send', 'bob', 'hi', '--gateway', gw.url, '--token-env', 'BOB_TOKEN']);
    expect(result.code).toBe(EXIT.gateway);
    expect(result.err).toContain('gateway.tools.allow');
  });

  it('exits 3 without a token, and sends nothing', async () => {
    const gw = await gateway();
    await writeRegistry(gw.url);
    const result = await cli(['send', 'bob', 'hi']);
    expect(result.code).toBe(EXIT.setup);
    expect(result.err).toContain('OIS_TOKEN_BOB');
    expect(gw.received).toHaveLength(0);
  });

  it('does not send the token to a Gateway the registry moved, until `ois trust`', async () => {
    const home = await gateway();
    const elsewhere = await gateway();
    env.OIS_TOKEN_BOB = TOKEN;
    await writeRegistry(home.url);
    expect((await cli(['send', 'bob', 'one'])).code).toBe(EXIT.ok);
    await writeRegistry(elsewhere.url);
    const refused = await cli(['send', 'bob', 'two', '--json']);
    expect(refused.code).toBe(EXIT.gateway);
    expect(JSON.parse(refused.out)).toMatchObject({ outcome: { kind: 'not-sent', code: 'UNTRUSTED_GATEWAY' } });
    expect(elsewhere.received).toHaveLength(0);
    // Without a terminal to ask, nothing is confirmed silently.
    const unconfirmed = await cli(['trust', 'bob']);
    expect(unconfirmed.code).toBe(EXIT.usage);
    expect(unconfirmed.out).toContain(`bob: pinned now  ${home.url}`);
    expect(unconfirmed.out).toContain(`bob: new URL     ${elsewhere.url}`);
    expect(unconfirmed.err).toContain('ois trust bob --yes');
    expect((await cli(['send', 'bob', 'two again'])).code).toBe(EXIT.gateway);
    expect((await cli(['trust', 'bob', '--yes'])).out).toContain(`Trusted ${elsewhere.url} for bob (was ${home.url})`);
    expect((await cli(['send', 'bob', 'three'])).code).toBe(EXIT.ok);
    expect(elsewhere.deliveries).toHaveLength(1);
  });
});

describe('ois trust asks the person at the terminal', () => {
  async function ask(answer: string, args: string[]) {
    const fake = fakeIO(root, env);
    const questions: string[] = [];
    const io = { ...fake.io, ask: async (q: string) => (questions.push(q), answer) };
    const code = await runCli(args, io);
    return { code, out: fake.stdout(), questions };
  }

  it('pins only on a yes, after showing both URLs', async () => {
    await createTrustStore(env.OIS_CONFIG_DIR ?? '', testPorts({})).pin('bob', 'http://10.0.0.5:18789');
    const no = await ask('n', ['trust', 'bob', '--url', 'http://10.0.0.7:18789']);
    expect(no.code).toBe(EXIT.failure);
    expect(no.questions).toEqual(["Send bob's token to http://10.0.0.7:18789 from now on? [y/N] "]);
    expect(await createTrustStore(env.OIS_CONFIG_DIR ?? '', testPorts({})).get('bob')).toBe('http://10.0.0.5:18789');
    const yes = await ask('y', ['trust', 'bob', '--url', 'http://10.0.0.7:18789']);
    expect(yes.code).toBe(EXIT.ok);
    expect(yes.out).toContain('bob: pinned now  http://10.0.0.5:18789\nbob: new URL     http://10.0.0.7:18789');
    expect(await createTrustStore(env.OIS_CONFIG_DIR ?? '', testPorts({})).get('bob')).toBe('http://10.0.0.7:18789');
  });
});

describe('ois token', () => {
  it('trusts the URL the registry gives the peer now, and never re-points an existing pin', async () => {
    await writeRegistry('http://10.0.0.5:18789');
    const first = await cli(['token', 'set', 'bob'], `${TOKEN}\n`);
    expect(first.out).toContain('Trusted http://10.0.0.5:18789');
    await writeRegistry('http://10.0.0.66:18789');
    const second = await cli(['token', 'set', 'bob'], `${TOKEN}\n`);
    expect(second.out).toContain("note: bob's token still goes only to http://10.0.0.5:18789; AGENTS.md now says http://10.0.0.66:18789");
    expect(await createTrustStore(env.OIS_CONFIG_DIR ?? '', testPorts({})).get('bob')).toBe('http://10.0.0.5:18789');
  });

  it('stores a token from stdin without echoing it, and lists ids only', async () => {
    const set = await cli(['token', 'set', 'bob'], `${TOKEN}\n`);
    expect(set.code).toBe(EXIT.ok);
    const list = await cli(['token', 'list', '--json']);
    expect(JSON.parse(list.out)).toEqual({ kind: 'gateway', peers: ['bob'] });
    for (const output of [set.out, set.err, list.out, list.err]) expect(output).not.toContain(TOKEN);
    expect(await createTokenStore(env.OIS_CONFIG_DIR ?? '', testPorts({})).get('bob')).toBe(TOKEN);
  });

  it('refuses an empty stdin with a usage error', async () => {
    expect((await cli(['token', 'set', 'bob'], '\n')).code).toBe(EXIT.usage);
  });
});

describe('no token anywhere', () => {
  it('never puts the token in an outcome, a description, a report or CLI output', async () => {
    const faults: Array<[string[], FakeFault]> = [
      [['sessions_send'], { kind: 'none' }],
      [[], { kind: 'none' }],
      [['sessions_send'], { kind: 'garbage' }],
      [['sessions_send'], { kind: 'reset' }],
      [['sessions_send'], { kind: 'rate-limit', retryAfterSeconds: 1, times: 5 }],
      [['sessions_send'], { kind: 'hang' }],
    ];
    const texts: string[] = [];
    const client = createGatewayClient({ timeoutMs: 2_000 });
    const configDir = env.OIS_CONFIG_DIR ?? '';
    const deps = { client, tokens: createTokenStore(configDir, testPorts({})), trust: createTrustStore(configDir, testPorts({})), env };
    const reports: WakeReport<string>[] = [];
    try {
      const peers = await Promise.all(faults.map(([allow, fault]) => gateway(allow, fault)));
      const dispatcher = createWakeDispatcher<string>({
        clock: createClock(),
        random: Math.random,
        send: (id, message, signal) => {
          const gw = peers[Number(id)];
          const peer = { id, gateway: gw?.url ?? '', session: 'agent:main:main', wake: 'invoke' as const };
          return wakePeer(deps, { peer, message, signal, tokenEnv: 'BOB_TOKEN' });
        },
        merge: (_a, b) => b,
        onReport: (report) => reports.push(report),
        sleep: async () => undefined,
        maxAttempts: 2,
      });
      peers.forEach((_gw, index) => dispatcher.enqueue(String(index), 'hello'));
      expect(await dispatcher.drain(10_000)).toEqual({ idle: true, busy: [] });
      texts.push(...reports.map((r) => JSON.stringify(r)), ...reports.map((r) => describeOutcome(r.peerId, r.outcome)));
      const moved = await cli(['send', '0', 'x', '--gateway', 'http://127.0.0.1:9', '--token-env', 'BOB_TOKEN', '--json']);
      const hooks = await cli(['send', '0', 'x', '--gateway', peers[0]?.url ?? '', '--wake', 'hooks', '--token-env', 'BOB_TOKEN']);
      texts.push(moved.out, moved.err, hooks.out, hooks.err);
    } finally {
      await client.close();
    }
    expect(new Set(reports.map((r) => r.outcome.kind))).toEqual(
      new Set(['delivered', 'tool-not-allowed', 'malformed', 'unreachable', 'rate-limited', 'timeout']),
    );
    expect(texts.join('\n')).toContain('[token]'); // the garbage answer did echo it, redacted
    for (const text of texts) expect(text).not.toContain(TOKEN);
  });
});
