import { testPorts } from '../../harness/ports.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/app/doctor/run.js';
import { createTokenStore } from '../../src/app/secrets/tokens.js';
import { createTrustStore } from '../../src/app/secrets/trust.js';
import type { StatusReport } from '../../src/app/clone/status.js';
import { runCli } from '../../src/cli/program.js';
import { formatDayTitle, formatEntry } from '../../src/core/chatlog/format.js';
import { startFakeGateway, type FakeGateway } from '../helpers/fake-gateway.js';
import { fakeIO } from '../helpers/fake-io.js';
import { git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

// Doctor, status and service against a real clone, a real bare origin and fake Gateways on 127.0.0.1.
const BOB_TOKEN = 'bob-env-token-0123456789abcdef';
const CAROL_TOKEN = 'carol-stored-token-0123456789abcdef';
let box: Sandbox;
let dir: string;
let bob: FakeGateway;
let carol: FakeGateway;
let env: Record<string, string>;

async function ois(args: string[]): Promise<{ code: number; out: string }> {
  const fake = fakeIO(dir, env);
  const code = await runCli(args, fake.io);
  return { code, out: fake.stdout() + fake.stderr() };
}

const verdict = (report: DoctorReport, id: string): string | undefined => report.checks.find((c) => c.id === id)?.verdict;

beforeAll(async () => {
  box = await teamSandbox('acme');
  bob = await startFakeGateway({ token: BOB_TOKEN, allowTools: ['sessions_send'] });
  carol = await startFakeGateway({ token: CAROL_TOKEN, allowTools: ['sessions_send'] });
  dir = await joinAs(box, 'aria');
  const section = (id: string, url: string): string => `## ${id.toUpperCase()}\n\n- Id: ${id}\n- Gateway: ${url}\n- Wake: invoke\n- Token: env:OIS_TOKEN_${id.toUpperCase()}\n`;
  await writeFile(join(dir, 'AGENTS.md'), `# acme agents\n\n${[section('aria', 'http://127.0.0.1:9'), section('bob', bob.url), section('carol', carol.url)].join('\n')}`);
  await git(dir, ['commit', '-q', '--no-verify', '-am', 'registry'], box.env);
  await git(dir, ['push', '-q', 'origin', 'HEAD:main'], box.env);
  const configDir = join(box.root, 'config-aria');
  env = { ...box.env, OIS_CONFIG_DIR: configDir, OIS_TOKEN_BOB: BOB_TOKEN };
  await createTokenStore(configDir, testPorts({})).set('carol', CAROL_TOKEN);
  await createTrustStore(configDir, testPorts({})).pin('bob', bob.url);
  // carol's pin differs from AGENTS.md: a moved (or forged) URL.
  await createTrustStore(configDir, testPorts({})).pin('carol', 'http://127.0.0.1:1');
}, 120_000);

afterAll(async () => {
  await bob?.close();
  await carol?.close();
  await box?.cleanup();
});

describe('ois doctor, status and service on a real clone', () => {
  it('doctor: a verdict per check, peers probed without delivering, exit 1 on the moved URL', async () => {
    const { code, out } = await ois(['doctor', '--json']);
    const report = JSON.parse(out) as DoctorReport;
    expect(report.version).toBe(1);
    for (const id of ['git-version', 'identity', 'remote-reachable', 'remote-writable', 'merge-driver', 'hooks', 'registry', 'registered', 'token:bob', 'trust:bob', 'gateway:bob', 'token:carol']) {
      expect([id, verdict(report, id)]).toEqual([id, 'ok']);
    }
    expect(verdict(report, 'wake-tool:bob')).toBe('warn');
    expect(report.checks.find((c) => c.id === 'wake-tool:bob')?.detail).toMatch(/cannot verify sessions_send without sending/);
    expect(verdict(report, 'trust:carol')).toBe('fail');
    expect(report.checks.find((c) => c.id === 'trust:carol')?.fix).toContain('ois trust carol');
    expect(verdict(report, 'gateway:carol')).toBe('warn');
    expect(verdict(report, 'watcher')).toBe('warn');
    expect(report.ok).toBe(false);
    expect(code).toBe(1);
    // bob got session_status with his token, nothing delivered; carol's token went nowhere.
    expect(bob.received.map((r) => [r.path, r.auth, (r.json as { tool?: string } | undefined)?.tool])).toEqual([['/tools/invoke', 'gateway', 'session_status']]);
    expect(bob.deliveries).toEqual([]);
    expect(carol.received.every((r) => r.auth === 'none')).toBe(true);
  }, 60_000);

  it('after a real wake: status shows the last events; no token in any log line, status or doctor output', async () => {
    const file = join(dir, 'chat', '2026-11-23.md');
    await mkdir(join(dir, 'chat'), { recursive: true });
    const entry = formatEntry({ id: 'e000001x', at: '2026-11-23T10:00:00.000Z', author: 'aria', name: 'ARIA', body: '@bob @carol please review' });
    await writeFile(file, `${formatDayTitle('2026-11-23')}\n${entry}`);
    expect((await ois(['sync'])).code).toBe(0);
    expect(bob.deliveries).toHaveLength(1);
    const log = await readFile(join(dir, '.git', 'ois', 'ois.log'), 'utf8');
    expect(log).toMatch(/"event":"wake"/);

    const status = await ois(['status', '--json']);
    const report = JSON.parse(status.out) as StatusReport;
    expect(report.recentEvents.some((e) => e.event === 'wake' && /bob/.test(e.message))).toBe(true);
    const text = await ois(['status']);
    expect(text.out).toContain('recent events');

    const doctor = await ois(['doctor', '--json']);
    expect(verdict(JSON.parse(doctor.out) as DoctorReport, 'wake-tool:bob')).toBe('ok');
    const human = await ois(['doctor']);
    expect(human.out).toMatch(/FAIL {2}trust pin for carol/);
    for (const output of [log, status.out, text.out, doctor.out, human.out]) {
      expect(output).not.toContain(BOB_TOKEN);
      expect(output).not.toContain(CAROL_TOKEN);
    }
  }, 90_000);

  it('doctor repairs the merge driver it finds gone, and fails the unreachable remote', async () => {
    await git(dir, ['config', '--unset', 'merge.ois-chat.driver'], box.env);
    await git(dir, ['remote', 'set-url', 'origin', join(box.root, 'nowhere.git')], box.env);
    try {
      const report = JSON.parse((await ois(['doctor', '--json'])).out) as DoctorReport;
      expect(report.checks.find((c) => c.id === 'merge-driver')).toMatchObject({ verdict: 'ok', repaired: true });
      expect((await git(dir, ['config', 'merge.ois-chat.driver'], box.env)).trim()).toMatch(/merge-driver %O %A %B %P$/);
      expect(verdict(report, 'remote-reachable')).toBe('fail');
    } finally {
      await git(dir, ['remote', 'set-url', 'origin', box.remote], box.env);
    }
  }, 60_000);

  it('service install without a reachable service manager prints the unit and the commands (exit 0)', async () => {
    const { code, out } = await ois(['service', 'install', '--print']);
    expect(code).toBe(0);
    expect(out).toContain('nothing was changed');
    expect(out).toMatch(process.platform === 'linux' ? /ExecStart=.*watch --log-format json/ : /watch/);
    expect(out).not.toContain(BOB_TOKEN);
    const status = JSON.parse((await ois(['service', 'status', '--print', '--json'])).out) as { installed: boolean; watcherRunning: boolean };
    expect(status).toMatchObject({ installed: false, watcherRunning: false });
  }, 30_000);
});
