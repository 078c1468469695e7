import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/app/doctor/run.js';
import { substitute, walkthroughBlocks } from '../helpers/doc-blocks.js';
import { startFakeGateway, type FakeGateway } from '../helpers/fake-gateway.js';
import { hostNpmSettings, node24Version, npmEnv, ok, packTarball, REPO, run, sh } from '../helpers/installed.js';
import { plainRemote, type PlainRemote } from '../helpers/newcomer.js';

/**
 * A fresh founder and a fresh member follow the README's Install section and docs/how-to-join.md
 * word for word: the shell blocks are read from those pages and run as they are, with only the
 * example URLs, ports and the package spec replaced by this sandbox's (a bare repository made by
 * plain `git init --bare`, served by `git daemon` on 127.0.0.1; two fake Gateways with hooks; the
 * packed tarball). Not one git command is run by hand. The end: a first message woken on the other
 * side, both ways, and `ois doctor` without a warning on either machine.
 */
const ARIA_HOOKS = 'aria-hooks-token-5c2f0a9e7d1b4c3a';
const ZED_HOOKS = 'zed-hooks-token-8e4d2b6f0a1c3e5d';

interface Machine {
  name: 'founder' | 'member';
  home: string;
  env: Record<string, string>;
  /** Where the next block runs: the clone once a block made it (`cd acme`), the home folder before. */
  cwd(): string;
}

let remote: PlainRemote & { bare(name: string, ...initArgs: string[]): Promise<string> };
let ariaGw: FakeGateway;
let zedGw: FakeGateway;
let tarball: string;
let nodeVersion: string;
let blocks: Map<string, string>;
let founder: Machine;
let member: Machine;
const log: string[] = [];

async function machine(name: Machine['name']): Promise<Machine> {
  const home = join(remote.root, name);
  await mkdir(home, { recursive: true });
  // No git identity anywhere, no system git config: a newcomer's machine.
  const env = npmEnv(home, { ...(await hostNpmSettings()), GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', LANG: 'C.UTF-8' });
  return { name, home, env, cwd: () => (existsSync(join(home, 'acme', '.git')) ? join(home, 'acme') : home) };
}

/** Runs the named block of the pages on `m`, as printed but for the sandbox's URLs; `ois watch` goes to the background. */
async function step(m: Machine, name: string, input?: string): Promise<string> {
  const block = blocks.get(name);
  if (block === undefined) throw new Error(`no walkthrough block "${name}" in the README or docs/how-to-join.md`);
  const script = substitute(block, [
    ['git@git.example.com:acme/ois.git', remote.url('acme.git')],
    ['http://127.0.0.1:18789', ariaGw.url],
    ['http://127.0.0.1:18790', zedGw.url],
    ['npm install -g node@24', `npm install -g node@${nodeVersion}`],
    ['npm install -g @ois-sync/ois', `npm install -g ${tarball}`],
  ])
    .split('\n')
    .map((line) => (/^ois watch(\s|$)/.test(line) ? 'ois watch --log-format json > "$HOME/watch.log" 2>&1 & echo $! > "$HOME/watch.pid"' : line))
    .join('\n');
  const result = await sh(script, { cwd: m.cwd(), env: m.env, timeoutMs: 240_000, ...(input === undefined ? {} : { input }) });
  log.push(`--- ${m.name}: ${name}\n${script}\n${result.stdout}${result.stderr}`);
  return ok(result, `${m.name}: ${name}`).stdout + result.stderr;
}

async function stopWatcher(m: Machine | undefined): Promise<void> {
  const file = m && join(m.home, 'watch.pid');
  if (!file || !existsSync(file)) return;
  const pid = Number((await readFile(file, 'utf8')).trim());
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 200 && alive(); i += 1) await new Promise((r) => setTimeout(r, 100));
  if (alive()) process.kill(pid, 'SIGKILL');
}

async function doctor(m: Machine): Promise<DoctorReport> {
  const result = await run('ois', ['doctor', '--json'], { cwd: m.cwd(), env: m.env, timeoutMs: 60_000 });
  return JSON.parse(result.stdout) as DoctorReport;
}

beforeAll(async () => {
  remote = await plainRemote();
  await remote.bare('acme.git'); // HEAD at master, as plain `git init --bare` leaves it
  [ariaGw, zedGw] = await Promise.all([startFakeGateway({ hooksToken: ARIA_HOOKS }), startFakeGateway({ hooksToken: ZED_HOOKS })]);
  tarball = await packTarball(join(remote.root, 'pack'));
  nodeVersion = await node24Version();
  blocks = new Map([...(await walkthroughBlocks(join(REPO, 'README.md'))), ...(await walkthroughBlocks(join(REPO, 'docs', 'how-to-join.md')))]);
  founder = await machine('founder');
  member = await machine('member');
}, 120_000);

afterAll(async () => {
  await Promise.all([stopWatcher(founder), stopWatcher(member)]);
  await Promise.all([ariaGw?.close(), zedGw?.close()]);
  await remote?.cleanup();
});

describe('a founder and a second member follow README + docs/how-to-join.md from a fresh state', () => {
  it('runs every step of the pages, without a single manual git fix, to a first message woken on the other side', async () => {
    try {
      // Install, on both machines: this machine's Node is 20, so the README's older-Node block.
      const system = await run('node', ['--version'], { cwd: founder.home, env: founder.env });
      const [major = 0, minor = 0] = system.stdout.replace(/^v/, '').split('.').map(Number);
      const install = major > 22 || (major === 22 && minor >= 12) ? 'install' : 'install-old-node';
      for (const m of [founder, member]) {
        const out = await step(m, install);
        expect(out).toContain('@ois-sync/ois 0.1.0');
        if (install === 'install-old-node') expect(out).not.toContain('EBADENGINE');
      }

      const founded = await step(founder, 'founder found');
      expect(founded).toContain("is the team's first member");
      const joined = await step(member, 'member join');
      expect(joined).toContain('your section is on branch join/zed, pushed to the remote');
      expect(joined).toContain('git merge --no-edit origin/join/zed');
      await step(founder, 'founder merge');

      await step(founder, 'founder token-peer', ZED_HOOKS);
      await step(founder, 'founder token-own', ARIA_HOOKS);
      await step(member, 'member token-peer', ARIA_HOOKS);
      await step(member, 'member token-own', ZED_HOOKS);
      const check = await step(member, 'member check');
      expect(check).toMatch(/^aria /m);

      await step(member, 'member say');
      await ariaGw.waitFor((gw) => gw.deliveries.some((d) => d.message.includes('hello from zed')), 30_000);
      // aria's clone has zed's section (she merged it): her answer wakes zed.
      await step(founder, 'founder say');
      await zedGw.waitFor((gw) => gw.deliveries.some((d) => d.message.includes('welcome to acme')), 30_000);
      expect(ariaGw.deliveries.every((d) => d.via === 'hooks')).toBe(true);
      expect(zedGw.received.every((r) => r.auth === 'hooks')).toBe(true);

      // A fresh, healthy clone on each side: no warning, no failure.
      for (const m of [founder, member]) {
        const report = await doctor(m);
        const problems = report.checks.filter((c) => c.verdict !== 'ok').map((c) => `${c.id}: ${c.detail}`);
        expect([m.name, problems]).toEqual([m.name, []]);
      }
      expect(zedGw.deliveries.filter((d) => d.message.includes('welcome to acme'))).toHaveLength(1);
      expect(ariaGw.deliveries.filter((d) => d.message.includes('hello from zed'))).toHaveLength(1);
    } catch (error) {
      const watchLogs = await Promise.all([founder, member].map(async (m) => `--- ${m.name}'s watch.log\n${await readFile(join(m.home, 'watch.log'), 'utf8').catch(() => '(none)')}`));
      const received = `--- aria deliveries ${JSON.stringify(ariaGw.deliveries)}; aria received ${JSON.stringify(ariaGw.received.map((r) => [r.method, r.path, r.auth]))}; zed's ${JSON.stringify(zedGw.received.map((r) => [r.method, r.path, r.auth]))}`;
      throw new Error(`${String(error)}\n${log.join('\n')}\n${watchLogs.join('\n')}\n${received}`);
    }
  }, 420_000);
});
