import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/app/doctor/run.js';
import { formatDayTitle, formatEntry } from '../../src/core/chatlog/format.js';
import { hostNpmSettings, node24Version, npmEnv, ok, packTarball, REPO, run, sh, systemPath } from '../helpers/installed.js';
import { plainRemote, type PlainRemote } from '../helpers/newcomer.js';

/**
 * The package as users get it: `npm pack`, then `npm install -g` into a machine's own prefix (no link
 * to this checkout), used against a bare repository made by plain `git init --bare` and served by
 * `git daemon` on 127.0.0.1. What git runs (the hook, the merge driver) and the service file must
 * name the installed ois and its Node, and `ois doctor` must point them at a new install when the old
 * one is gone. The team's CI install (npm ci from the lock `ois init` writes, then npx --no) is run
 * as the workflow says, and refuses a tarball that is not the one pinned.
 */
let remote: PlainRemote & { bare(name: string, ...initArgs: string[]): Promise<string> };
let url: string;
let tarball: string;
let mirror: string;
let nodeVersion: string;
let settings: Record<string, string>;
let home: string;
let env: Record<string, string>;

const WORKFLOW = join(REPO, 'templates', 'team', '.github', 'workflows', 'ois-lint.yml');
const DAY = '2026-11-23';

/** The machine's environment with `bin` first on PATH (after a reinstall, the new prefix). */
function withBin(bin: string): Record<string, string> {
  // No service manager is reachable from the test (systemctl --user cannot find a bus): doctor writes the file and says what to run.
  return { ...npmEnv(home, { ...settings, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', LANG: 'C.UTF-8', XDG_RUNTIME_DIR: join(home, 'run'), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }), PATH: [bin, systemPath()].join(delimiter) };
}

const ois = (args: string[], cwd: string, input?: string) => run('ois', args, { cwd, env, timeoutMs: 120_000, ...(input === undefined ? {} : { input }) });
const git = async (cwd: string, args: string[]) => ok(await run('git', args, { cwd, env, timeoutMs: 60_000 }), `git ${args.join(' ')}`).stdout;

/** Appends one hand-written entry to the day file (as an agent's file tool would) and commits it with plain git. */
async function writeEntry(clone: string, id: string, tag: string, body: string): Promise<void> {
  const file = join(clone, 'chat', `${DAY}.md`);
  const current = await readFile(file, 'utf8').catch(() => `${formatDayTitle(DAY)}\n`);
  const minute = tag === 'one' ? '10' : '20';
  await writeFile(file, `${current}${formatEntry({ id: `${id}${tag}`.padEnd(16, 'q'), at: `${DAY}T09:${minute}:0${id.length}.000Z`, author: id, name: id.toUpperCase(), body })}`);
  await git(clone, ['add', 'chat']);
  await git(clone, ['commit', '-q', '-m', `chat(${id}): ${body}`]);
}

beforeAll(async () => {
  remote = await plainRemote();
  await remote.bare('team.git');
  url = remote.url('team.git');
  tarball = await packTarball(join(remote.root, 'pack'));
  mirror = join(remote.root, 'mirror', 'ois.tgz');
  await mkdir(dirname(mirror), { recursive: true });
  await cp(tarball, mirror);
  nodeVersion = await node24Version();
  settings = await hostNpmSettings();
  home = join(remote.root, 'a', 'home');
  await mkdir(join(home, 'run'), { recursive: true });
  env = withBin(join(home, '.local', 'bin'));
}, 120_000);

afterAll(async () => {
  await remote?.cleanup();
});

describe('the packed package, installed with npm install -g', () => {
  it('the tarball holds the CLI, the templates and the hook, and nothing of the checkout', async () => {
    const listing = ok(await run('tar', ['tzf', tarball], { cwd: REPO, env }), 'tar').stdout.split('\n');
    for (const file of ['package/package.json', 'package/dist/cli/bin.js', 'package/templates/team/AGENTS.md', 'package/templates/team/package.json', 'package/templates/team/gitignore', 'package/templates/team/.gitattributes', 'package/templates/service/ois-watch.service', 'package/hooks/pre-commit.cjs']) expect(listing).toContain(file);
    expect(listing.filter((f) => /^package\/(src|test|bench|node_modules)\/|\.map$|\.ts$/.test(f))).toEqual([]);
    const manifest = JSON.parse(ok(await run('tar', ['xzOf', tarball, 'package/package.json'], { cwd: REPO, env }), 'tar').stdout) as { name: string; bin: Record<string, string> };
    expect(manifest).toMatchObject({ name: '@ois-sync/ois', bin: { ois: 'dist/cli/bin.js' } });
  });

  it('on the system Node 20, the installed ois stops at once and says how to get Node 24 from npm', async () => {
    const system = ok(await run('node', ['--version'], { cwd: REPO, env: withBin(join(home, 'none')) }), 'node --version').stdout;
    const [major = 0, minor = 0] = system.replace(/^v/, '').split('.').map(Number);
    if (major > 22 || (major === 22 && minor >= 12)) return; // this machine's Node is new enough: nothing to refuse
    const prefix = join(remote.root, 'old-node');
    ok(await run('npm', ['install', '-g', '--prefix', prefix, tarball], { cwd: remote.root, env: withBin(join(prefix, 'bin')), timeoutMs: 240_000 }), 'npm install -g (Node 20)');
    const result = await run(join(prefix, 'bin', 'ois'), ['--version'], { cwd: remote.root, env: withBin(join(prefix, 'bin')) });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('is too old; ois needs Node.js 22.12 or newer');
    expect(result.stderr).toContain('npm install -g node@24');
  }, 300_000);

  it('install (README route), found, CI install, join, commit through the hook, merge through the driver, then reinstall elsewhere and doctor repairs', async () => {
    // The README's route on a machine with an older Node: Node 24 and ois into ~/.local.
    ok(await sh(`npm config set prefix ~/.local && npm install -g node@${nodeVersion} && npm install -g ${tarball}`, { cwd: home, env, timeoutMs: 300_000 }), 'install');
    expect(ok(await ois(['--version'], home), 'ois --version').stdout.trim()).toBe('@ois-sync/ois 0.1.0');
    const installed = join(home, '.local', 'lib', 'node_modules', '@ois-sync', 'ois', 'dist', 'cli', 'bin.js');

    // The founder, with the CI's ois pinned from a mirror of the tarball.
    const machine = dirname(home);
    const team = join(machine, 'team');
    const init = ok(await ois(['init', 'team', '--team', 'acme', '--remote', url, '--id', 'aria', '--name', 'ARIA', '--gateway', 'http://127.0.0.1:9', '--ci-package', mirror], machine), 'ois init');
    expect(init.stdout).toContain('pinned with its integrity in package-lock.json');
    expect(await readFile(join(team, '.gitignore'), 'utf8')).toBe('node_modules/\n');
    const lock = JSON.parse(await readFile(join(team, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; integrity?: string; resolved?: string }> };
    const pinned = lock.packages['node_modules/@ois-sync/ois'];
    expect(pinned).toMatchObject({ version: '0.1.0', resolved: 'file:../../mirror/ois.tgz' });
    expect(pinned?.integrity).toMatch(/^sha512-/);
    expect(Object.values(lock.packages).filter((p) => p.version !== undefined && p.integrity === undefined)).toEqual([]);
    expect((JSON.parse(await readFile(join(team, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies).toEqual({ '@ois-sync/ois': 'file:../../mirror/ois.tgz' });
    await git(team, ['push', '-q', '-u', 'origin', 'main']);

    // CI: a fresh checkout runs the workflow's own commands; then a tarball that is not the pinned one is refused.
    const ciRoot = join(remote.root, 'ci');
    await mkdir(ciRoot, { recursive: true });
    await git(ciRoot, ['clone', '-q', '-b', 'main', url, 'team']); // what a CI checkout of the branch does
    const steps = [...(await readFile(WORKFLOW, 'utf8')).matchAll(/^\s+- run: (.+)$/gm)].map((m) => m[1] ?? '');
    expect(steps).toEqual(['npm ci --ignore-scripts --no-audit --no-fund', 'npx --no -- ois lint --format github']);
    // A runner has Node 24 (actions/setup-node) but no ois of its own: npx must find the pinned one.
    await mkdir(join(ciRoot, 'home'), { recursive: true });
    const ci = { ...env, HOME: join(ciRoot, 'home'), PATH: [join(home, '.local', 'lib', 'node_modules', 'node', 'bin'), systemPath()].join(delimiter) };
    for (const command of steps) ok(await sh(command, { cwd: join(ciRoot, 'team'), env: ci, timeoutMs: 240_000 }), `CI: ${command}`);
    const swapped = join(remote.root, 'evil');
    await mkdir(swapped, { recursive: true });
    ok(await run('tar', ['xzf', tarball, '-C', swapped], { cwd: swapped, env }), 'tar x');
    await writeFile(join(swapped, 'package', 'dist', 'cli', 'bin.js'), '#!/usr/bin/env node\nconsole.log("not ois");\n');
    ok(await run('tar', ['czf', mirror, '-C', swapped, 'package'], { cwd: swapped, env }), 'tar c');
    await rm(join(ciRoot, 'team', 'node_modules'), { recursive: true, force: true });
    // A CI runner starts with an empty npm cache (this machine's cache would serve the pinned content by its integrity).
    const runner = { ...ci, npm_config_cache: join(ciRoot, 'npm-cache') };
    const refused = await sh(steps[0] ?? '', { cwd: join(ciRoot, 'team'), env: runner, timeoutMs: 240_000 });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('EINTEGRITY');
    const linted = await sh(steps[1] ?? '', { cwd: join(ciRoot, 'team'), env: runner, timeoutMs: 60_000 });
    expect(linted.code).not.toBe(0); // and npx --no installs nothing in its place
    expect(`${linted.stdout}${linted.stderr}`).not.toContain('not ois');
    await cp(tarball, mirror);

    // A second member on this machine joins over git://, with the installed ois.
    const zed = join(machine, 'zed');
    ok(await ois(['join', url, 'zed', '--id', 'zed', '--name', 'ZED', '--gateway', 'http://127.0.0.1:10'], machine), 'ois join');
    const hook = await readFile(join(zed, '.git', 'hooks', 'pre-commit'), 'utf8');
    const driver = (await git(zed, ['config', 'merge.ois-chat.driver'])).trim();
    for (const text of [hook, driver]) {
      expect(text).toContain(installed);
      expect(text).toContain(join(home, '.local', 'lib', 'node_modules', 'node'));
      expect(text).not.toContain(REPO);
    }
    await git(team, ['pull', '-q', '--ff-only']);
    await git(team, ['merge', '-q', '--no-edit', 'origin/join/zed']);
    await git(team, ['push', '-q']);
    await git(zed, ['pull', '-q', '--ff-only']);

    // Commit through the hook: a literal token in AGENTS.md is refused by the installed ois.
    const refuseSecret = async (): Promise<void> => {
      const registry = join(zed, 'AGENTS.md');
      const before = await readFile(registry, 'utf8');
      await writeFile(registry, before.replace('- Wake: hooks\n- Hooks-Token: env:OIS_HOOKS_ZED', '- Wake: hooks\n- Hooks-Token: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c'));
      const commit = await run('git', ['commit', '-q', '-am', 'oops'], { cwd: zed, env });
      expect([commit.code, commit.stderr]).toEqual([1, expect.stringMatching(/no-literal-secret/)]);
      await writeFile(registry, before);
    };
    await refuseSecret();

    // Merge through the driver: both append to the same day file; git's line merge alone would conflict.
    const mergeBothWays = async (tag: string): Promise<void> => {
      await writeEntry(team, 'aria', tag, `aria ${tag} first`);
      await git(team, ['push', '-q']);
      await writeEntry(zed, 'zed', tag, `zed ${tag} meanwhile`);
      await git(zed, ['pull', '-q', '--no-rebase', '--no-edit']);
      const day = await readFile(join(zed, 'chat', `${DAY}.md`), 'utf8');
      expect(day).toContain(`aria ${tag} first`);
      expect(day).toContain(`zed ${tag} meanwhile`);
      expect(day).not.toMatch(/^(<<<<<<<|>>>>>>>)/m);
      await git(zed, ['push', '-q']);
      await git(team, ['pull', '-q', '--ff-only']);
    };
    await mergeBothWays('one');

    // The user saves the service file `ois service install` prints (no service manager here).
    const service = JSON.parse(ok(await ois(['service', 'install', '--print', '--json'], zed), 'service --print').stdout) as { file: string; content: string };
    await mkdir(dirname(service.file), { recursive: true });
    await writeFile(service.file, service.content);
    expect(service.content).toContain(installed);

    // Reinstall elsewhere and delete the old install: what git and the service run is gone.
    const next = join(home, '.local2');
    ok(await sh(`npm install -g --prefix ${next} node@${nodeVersion} && npm install -g --prefix ${next} ${tarball} && rm -rf ~/.local`, { cwd: home, env, timeoutMs: 300_000 }), 'reinstall');
    env = withBin(join(next, 'bin'));
    const moved = join(next, 'lib', 'node_modules', '@ois-sync', 'ois', 'dist', 'cli', 'bin.js');
    const skipped = await run('git', ['commit', '-q', '--allow-empty', '-m', 'while ois is gone'], { cwd: zed, env });
    expect(skipped.stderr).toContain('is missing (ois was moved or uninstalled)');

    const report = JSON.parse((await ois(['doctor', '--json'], zed)).stdout) as DoctorReport;
    const check = (id: string) => report.checks.find((c) => c.id === id);
    expect(check('merge-driver')).toMatchObject({ verdict: 'ok', repaired: true });
    expect(check('hooks')).toMatchObject({ verdict: 'ok', repaired: true });
    expect(check('service')).toMatchObject({ repaired: true });
    expect(check('service')?.fix ?? '').toContain('systemctl --user daemon-reload');
    for (const text of [await readFile(join(zed, '.git', 'hooks', 'pre-commit'), 'utf8'), await git(zed, ['config', 'merge.ois-chat.driver']), await readFile(service.file, 'utf8')]) {
      expect(text).toContain(moved);
      expect(text).not.toContain(installed);
    }
    // And both work again, from the new install; a second doctor has nothing left to repair.
    await refuseSecret();
    await ois(['doctor'], team); // each clone on the machine, as the README says
    await mergeBothWays('two');
    const again = JSON.parse((await ois(['doctor', '--json'], zed)).stdout) as DoctorReport;
    expect(again.checks.filter((c) => c.repaired)).toEqual([]);
  }, 600_000);
});
