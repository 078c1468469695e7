import { testPorts } from '../../harness/ports.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentCheck } from '../../src/app/agents/check.js';
import { createTokenStore } from '../../src/app/secrets/tokens.js';
import { createTrustStore } from '../../src/app/secrets/trust.js';
import { runCli } from '../../src/cli/program.js';
import { startFakeGateway, type FakeGateway } from '../helpers/fake-gateway.js';
import { fakeIO } from '../helpers/fake-io.js';
import { freePort, git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

// `ois agents --check` against fake Gateways on 127.0.0.1: one per way a peer can be fine or broken.
const TOKENS = { bob: 'bob-gateway-token-0123456789', carol: 'carol-hooks-token-0123456789', dave: 'dave-wrong-hooks-token-012345', eve: 'eve-hooks-token-0123456789' };
let box: Sandbox;
let dir: string;
let env: Record<string, string>;
let bob: FakeGateway;
let carol: FakeGateway;
let dave: FakeGateway;

async function ois(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const fake = fakeIO(dir, env);
  const code = await runCli(args, fake.io);
  return { code, out: fake.stdout(), err: fake.stderr() };
}

beforeAll(async () => {
  box = await teamSandbox('acme');
  bob = await startFakeGateway({ token: TOKENS.bob, allowTools: ['sessions_send'] });
  carol = await startFakeGateway({ hooksToken: TOKENS.carol });
  dave = await startFakeGateway({ hooksToken: 'dave-real-hooks-token-0123456789' });
  const dead = `http://127.0.0.1:${await freePort()}`;
  dir = await joinAs(box, 'aria');
  const section = (id: string, name: string, url: string, wake: 'invoke' | 'hooks'): string =>
    `## ${name}\n\n- Id: ${id}\n- Gateway: ${url}\n- Wake: ${wake}\n${wake === 'hooks' ? `- Hooks-Token: env:OIS_HOOKS_${id.toUpperCase()}` : `- Token: env:OIS_TOKEN_${id.toUpperCase()}`}\n`;
  const registry = [
    section('aria', 'ARIA ⚔️', 'http://127.0.0.1:9', 'hooks'),
    section('bob', '小明 Bob', bob.url, 'invoke'),
    section('carol', 'Carol 🌟', carol.url, 'hooks'),
    section('dave', 'Dave', dave.url, 'hooks'),
    section('eve', 'Eve', dead, 'hooks'),
  ];
  await writeFile(join(dir, 'AGENTS.md'), `# acme agents\n\n${registry.join('\n')}`);
  await git(dir, ['commit', '-q', '--no-verify', '-am', 'registry'], box.env);
  const configDir = join(box.root, 'config-aria');
  env = { ...box.env, OIS_CONFIG_DIR: configDir, OIS_TOKEN_BOB: TOKENS.bob, OIS_HOOKS_CAROL: TOKENS.carol };
  const tokens = createTokenStore(configDir, testPorts({}));
  await tokens.set('dave', TOKENS.dave, 'hooks');
  await tokens.set('eve', TOKENS.eve, 'hooks');
  const trust = createTrustStore(configDir, testPorts({}));
  for (const [id, url] of [['bob', bob.url], ['carol', carol.url], ['dave', dave.url], ['eve', dead]] as const) await trust.pin(id, url);
}, 60_000);

afterAll(async () => {
  await Promise.all([bob?.close(), carol?.close(), dave?.close()]);
  await box?.cleanup();
});

describe('ois agents --check', () => {
  it('probes each peer without delivering anything; a wrong token and a dead Gateway fail it (exit 1)', async () => {
    const { code, out } = await ois(['agents', '--check', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as { ok: boolean; agents: Array<{ id: string; check: AgentCheck }> };
    expect(report.ok).toBe(false);
    const verdicts = Object.fromEntries(report.agents.map((a) => [a.id, a.check.verdict]));
    expect(verdicts).toEqual({ aria: 'self', bob: 'warn', carol: 'ok', dave: 'fail', eve: 'fail' });
    const checks = (id: string) => report.agents.find((a) => a.id === id)?.check.checks ?? [];
    // carol (hooks): the token was tried on /hooks/wake, and hooks are known to work.
    expect(checks('carol').find((c) => c.id === 'gateway:carol')?.detail).toMatch(/accepts the hooks token/);
    expect(checks('carol').find((c) => c.id === 'wake-tool:carol')?.verdict).toBe('ok');
    // bob (invoke): session_status accepted; sessions_send cannot be known without delivering: a warning.
    expect(checks('bob').find((c) => c.id === 'gateway:bob')?.verdict).toBe('ok');
    expect(checks('bob').find((c) => c.id === 'wake-tool:bob')?.verdict).toBe('warn');
    expect(checks('dave').find((c) => c.id === 'gateway:dave')).toMatchObject({ verdict: 'fail' });
    expect(checks('dave').find((c) => c.id === 'gateway:dave')?.fix).toContain('ois token set dave --hooks');
    expect(checks('eve').find((c) => c.id === 'gateway:eve')?.detail).toMatch(/Could not reach/);
    // Nothing was woken anywhere, and no token in the output.
    expect([...bob.deliveries, ...carol.deliveries, ...dave.deliveries]).toEqual([]);
    expect(carol.received.map((r) => [r.path, r.auth])).toEqual([['/hooks/wake', 'hooks']]);
    expect(bob.received.map((r) => (r.json as { tool?: string }).tool)).toEqual(['session_status']);
    for (const token of Object.values(TOKENS)) expect(out).not.toContain(token);
  });

  it('the table aligns names by display width (emoji, CJK) and lists each problem with its fix', async () => {
    const { code, out } = await ois(['agents', '--check']);
    expect(code).toBe(1);
    const rows = out.split('\n').filter((line) => /^(ID|aria|bob|carol|dave|eve) /.test(line));
    expect(rows).toHaveLength(6);
    // The GATEWAY column starts at the same display column on every row.
    const { default: stringWidth } = await import('string-width');
    const starts = rows.map((row) => stringWidth(row.slice(0, Math.max(row.indexOf('http'), row.indexOf('GATEWAY')))));
    expect(new Set(starts).size).toBe(1);
    expect(out).toMatch(/FAIL {2}dave's Gateway: .*401/);
    expect(out).toMatch(/fix: Store dave's hooks token again/);
    expect(out).toContain('1 ok, 1 with warnings, 2 failed: needs action');
  });

  it('without --check, nothing is probed and the exit code is 0', async () => {
    const before = carol.received.length;
    const { code, out } = await ois(['agents']);
    expect(code).toBe(0);
    expect(out).toContain('env:OIS_HOOKS_CAROL');
    expect(carol.received.length).toBe(before);
  });
});
