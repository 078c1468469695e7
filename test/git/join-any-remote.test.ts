import { testPorts } from '../../harness/ports.js';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeProblem } from '../../src/app/in-force/problem.js';
import { joinTeam } from '../../src/app/setup/join.js';
import { runCli } from '../../src/cli/program.js';
import { fakeIO } from '../helpers/fake-io.js';
import { OisError } from '../../src/core/errors.js';
import { git } from '../../harness/git-repos.js';
import { foundTeam, joinFresh, plainRemote, type PlainRemote } from '../helpers/newcomer.js';

let remote: PlainRemote & { bare(name: string, ...initArgs: string[]): Promise<string> };
beforeEach(async () => {
  remote = await plainRemote();
});
afterEach(async () => {
  await remote.cleanup();
});

const parents = async (dir: string, ref: string, env: Record<string, string>) => (await git(dir, ['rev-list', '--parents', '-n1', ref], env)).trim().split(' ').slice(1);

describe('ois join against any bare remote, over git daemon on 127.0.0.1', () => {
  // HEAD at master (plain `git init --bare`), at main, and at a branch that never existed.
  for (const [label, initArgs] of [
    ['HEAD at master (plain git init --bare)', []],
    ['HEAD at main', ['-b', 'main']],
    ['HEAD at a branch nobody pushed', ['-b', 'trunk']],
  ] as const) {
    it(`${label}: the clone is on main, join/<id> grows from main, and the printed merge works with plain git`, async () => {
      const name = `team-${initArgs.at(-1) ?? 'plain'}.git`;
      await remote.bare(name, ...initArgs);
      const url = remote.url(name);
      const founder = await foundTeam(remote, url);
      const zed = await joinFresh(remote, url, 'zed', 'http://127.0.0.1:18790');
      expect(zed.branch).toBe('main');
      expect((await git(zed.top, ['symbolic-ref', 'HEAD'], zed.env)).trim()).toBe('refs/heads/main');
      expect((await git(zed.top, ['rev-parse', '--abbrev-ref', 'main@{upstream}'], zed.env)).trim()).toBe('origin/main');
      expect((await readdir(zed.top)).sort()).toContain('ois.config.json');
      // The join branch's parent is the team branch: a pull request, not unrelated history.
      const main = (await git(zed.top, ['rev-parse', 'origin/main'], zed.env)).trim();
      expect(await parents(zed.top, 'origin/join/zed', zed.env)).toEqual([main]);
      expect((await git(zed.top, ['diff', '--name-only', 'origin/main', 'origin/join/zed'], zed.env)).trim()).toBe('AGENTS.md');
      // The founder merges it by hand, as the printed line says, on a machine without any git identity.
      await git(founder.dir, ['pull', '-q', '--ff-only'], founder.env);
      await git(founder.dir, ['merge', '-q', '--no-edit', 'origin/join/zed'], founder.env);
      await git(founder.dir, ['push', '-q'], founder.env);
      const merged = await git(founder.dir, ['show', 'origin/main:AGENTS.md'], founder.env);
      expect(merged).toContain('- Id: zed');
      expect(merged).toContain('- Id: aria');
    }, 60_000);
  }

  it('HEAD at an existing branch that is not the team (a host-made README on master): the team branch is found', async () => {
    const bare = await remote.bare('hosted.git');
    const url = remote.url('hosted.git');
    const founder = await foundTeam(remote, url);
    const readme = await remote.machine('host');
    await git(readme.dir, ['init', '-q', '-b', 'master', 'r'], readme.env);
    await writeFile(join(readme.dir, 'r', 'README.md'), '# made by the host\n');
    await git(join(readme.dir, 'r'), ['add', '.'], readme.env);
    await git(join(readme.dir, 'r'), ['-c', 'user.name=host', '-c', 'user.email=h@x', 'commit', '-qm', 'init'], readme.env);
    await git(join(readme.dir, 'r'), ['push', '-q', bare, 'master'], readme.env);
    const zed = await joinFresh(remote, url, 'zed', 'http://127.0.0.1:18790');
    expect(zed.branch).toBe('main');
    expect(await parents(zed.top, 'origin/join/zed', zed.env)).toEqual([(await git(founder.dir, ['rev-parse', 'main'], founder.env)).trim()]);
  }, 60_000);

  it('the clone has a committer identity for hand commits, and keeps one the user set', async () => {
    await remote.bare('id.git');
    const url = remote.url('id.git');
    await foundTeam(remote, url);
    const zed = await joinFresh(remote, url, 'zed');
    expect(zed.committer).toEqual(['user.name', 'user.email']);
    expect((await git(zed.top, ['config', '--local', 'user.email'], zed.env)).trim()).toBe('zed@ois.invalid');
    await git(zed.top, ['commit', '-q', '--allow-empty', '-m', 'by hand'], zed.env);
    const machine = await remote.machine('has-identity');
    await writeFile(join(machine.dir, 'home', '.gitconfig'), '[user]\n\tname = Kim Owner\n\temail = kim@example.org\n');
    const kim = await joinTeam({ remote: url, dir: join(machine.dir, 'team'), identity: { id: 'kim', name: 'KIM' }, cwd: machine.dir }, testPorts(machine.env));
    expect(kim.committer).toEqual([]);
    expect((await git(kim.top, ['config', '--local', '--get-regexp', '^user\\.'], machine.env).catch(() => '')).trim()).toBe('');
  }, 60_000);

  it('an empty remote and a repository that is no ois team are refused, with the command that makes one, changing nothing', async () => {
    await remote.bare('empty.git');
    const empty = await joinFresh(remote, remote.url('empty.git'), 'zed', 'http://127.0.0.1:18790').catch((error: unknown) => error);
    expect(empty).toBeInstanceOf(OisError);
    expect((empty as OisError).code).toBe('NOT_A_TEAM');
    expect((empty as OisError).hint).toContain('ois init');

    const other = await remote.bare('project.git');
    const dev = await remote.machine('dev');
    await git(dev.dir, ['init', '-q', '-b', 'main', 'p'], dev.env);
    // A project repository with an AGENTS.md of its own (the coding-agent convention), but no ois.config.json.
    await writeFile(join(dev.dir, 'p', 'AGENTS.md'), '# Notes for coding agents\n\n## Build\n\n- Run: make\n');
    await git(join(dev.dir, 'p'), ['add', '.'], dev.env);
    await git(join(dev.dir, 'p'), ['-c', 'user.name=d', '-c', 'user.email=d@x', 'commit', '-qm', 'project'], dev.env);
    await git(join(dev.dir, 'p'), ['push', '-q', other, 'main'], dev.env);
    const before = await git(other, ['for-each-ref'], dev.env);
    const machine = await remote.machine('zed2');
    const refused = await joinTeam({ remote: remote.url('project.git'), dir: join(machine.dir, 'team'), identity: { id: 'zed', name: 'ZED', gateway: 'http://127.0.0.1:18790' }, cwd: machine.dir }, testPorts(machine.env)).catch((error: unknown) => error);
    expect((refused as OisError).code).toBe('NOT_A_TEAM');
    expect((refused as OisError).hint).toMatch(/ois init \. --team NAME/);
    expect(await git(other, ['for-each-ref'], dev.env)).toBe(before);
    expect(await readdir(machine.dir)).toEqual(['home']);

    // Cloned by hand and given an ois id anyway: ois sync and ois watch refuse to commit and push there.
    await git(machine.dir, ['clone', '-q', remote.url('project.git'), 'project'], machine.env);
    const project = join(machine.dir, 'project');
    await git(project, ['config', 'ois.id', 'zed'], machine.env);
    await writeFile(join(project, 'notes.txt'), 'private work\n');
    for (const command of [['sync'], ['watch']]) {
      const fake = fakeIO(project, machine.env);
      expect([command[0], await runCli(command, fake.io)]).toEqual([command[0], 3]);
      expect(fake.stderr()).toContain('not an ois team repository');
    }
    expect(await git(other, ['for-each-ref'], dev.env)).toBe(before);
  }, 60_000);

  it('an invalid ois.config.json on the team branch does not keep anyone out: its last valid version is in force, and the problem is named with its position', async () => {
    await remote.bare('bad.git');
    const url = remote.url('bad.git');
    const founder = await foundTeam(remote, url);
    await writeFile(join(founder.dir, 'ois.config.json'), '{\n  "branch": 42\n}\n');
    await git(founder.dir, ['commit', '-q', '--no-verify', '-am', 'broken config'], founder.env); // a teammate's plain-git push
    await git(founder.dir, ['push', '-q'], founder.env);
    const result = await joinFresh(remote, url, 'zed');
    expect(result.branch).toBe('main');
    expect(result.configProblem).toMatchObject({ file: 'ois.config.json', line: 2, message: expect.stringMatching(/^branch: /) });
    expect(describeProblem(result.configProblem!)).toMatch(/^ois\.config\.json:2:\d+: branch: .*, in commit [0-9a-f]{8} by .*; the version of commit [0-9a-f]{8} stays in force$/);
  }, 60_000);

  it('a clone made by hand with plain git clone (HEAD at an unborn master): ois join in it checks out main and proposes the section', async () => {
    await remote.bare('hand.git');
    const url = remote.url('hand.git');
    await foundTeam(remote, url);
    const machine = await remote.machine('hand');
    await git(machine.dir, ['clone', '-q', url, 'team'], machine.env).catch(() => '');
    const result = await joinTeam({ remote: url, dir: join(machine.dir, 'team'), identity: { id: 'zed', name: 'ZED', gateway: 'http://127.0.0.1:18790' }, cwd: machine.dir }, testPorts(machine.env));
    expect(result.cloned).toBe(false);
    expect(result.branch).toBe('main');
    expect(result.onboarding).toMatchObject({ kind: 'pushed', branch: 'join/zed', change: 'created' });
    expect(await readFile(join(machine.dir, 'team', '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(await readdir(join(machine.dir, 'team'))).toContain('AGENTS.md');
  }, 60_000);
});
