import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOis } from '../../harness/cli-process.js';
import { git, joinAs, teamSandbox, testEnv, type Sandbox } from '../../harness/git-repos.js';

let box: Sandbox;
beforeAll(async () => {
  box = await teamSandbox();
});
afterAll(async () => {
  await box.cleanup();
});

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);

describe('bad input gets a clear error and a documented exit code', () => {
  it('not a git repository: exit 3', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ois-plain-'));
    try {
      const result = await runOis(['sync'], dir, testEnv(dir));
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/is not inside a git repository/);
      expect(result.stderr).toMatch(/ois init|ois join/);
      noStack(result.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('no identity: exit 3 with how to set it', async () => {
    const result = await runOis(['sync'], join(box.root, 'seed'), box.env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no ois identity/);
    expect(result.stderr).toMatch(/ois join/);
    noStack(result.stderr);
  });

  it('no remote: exit 3', async () => {
    const dir = join(box.root, 'lonely');
    const init = await runOis(['init', dir, '--team', 'lonely', '--id', 'solo'], box.root, box.env);
    expect(init.code).toBe(0);
    const result = await runOis(['sync'], dir, box.env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no remote "origin"/);
  });

  it('an invalid config degrades (the last valid version stays in force) and status names file:line:column', async () => {
    const aria = await joinAs(box, 'aria-bad');
    await writeFile(join(aria, 'ois.config.json'), '{\n  "sync": { "pollIntervalMs": "fast" }\n}\n');
    const result = await runOis(['sync'], aria, box.env);
    expect(result.code).toBe(0);
    const status = await runOis(['status'], aria, box.env);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/not used +ois\.config\.json:2:\d+: sync\.pollIntervalMs: .*, an uncommitted edit in the working tree; the version of commit [0-9a-f]{8} stays in force/);
    expect((await runOis(['lint', 'ois.config.json'], aria, box.env)).code).toBe(1);
    noStack(result.stderr);
  });

  it('a config that validated is remembered, and an edit to it is validated again', async () => {
    const aria = await joinAs(box, 'cache-aria');
    expect((await runOis(['status'], aria, box.env)).code).toBe(0);
    const cache = JSON.parse(await readFile(join(aria, '.git', 'ois', 'config-cache.json'), 'utf8')) as { key: string; config: { sync: { pollIntervalMs: number } } };
    expect(cache.config.sync.pollIntervalMs).toBe(2000);
    await writeFile(join(aria, 'ois.config.json'), '{\n  "sync": { "pollIntervalMs": -1 }\n}\n');
    const result = await runOis(['status', '--json'], aria, box.env);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { problems: Array<{ file: string; line: number; message: string }> };
    expect(report.problems).toMatchObject([{ file: 'ois.config.json', line: 2, message: expect.stringMatching(/^sync\.pollIntervalMs/) }]);
  });

  it('a config that is not a file (a folder in its place) degrades too, and is named', async () => {
    const aria = await joinAs(box, 'aria-dir');
    await rm(join(aria, 'ois.config.json'));
    await mkdir(join(aria, 'ois.config.json'));
    const result = await runOis(['status'], aria, box.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/not used +ois\.config\.json:1:1: \(root\): ois\.config\.json is not a regular file/);
    noStack(result.stderr);
  });

  it('an unknown command or option: exit 2', async () => {
    expect((await runOis(['frobnicate'], box.root, box.env)).code).toBe(2);
    expect((await runOis(['sync', '--bogus'], box.root, box.env)).code).toBe(2);
  });

  it('an invalid agent id on join: exit 2', async () => {
    const result = await runOis(['join', box.remote, 'x', '--id', 'Bad Id!'], box.root, box.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a valid agent id/);
  });

  it('ois init twice changes nothing', async () => {
    const dir = join(box.root, 'twice');
    expect((await runOis(['init', dir, '--team', 'twice'], box.root, box.env)).code).toBe(0);
    const head = await git(dir, ['rev-parse', 'HEAD'], box.env);
    const again = await runOis(['init', dir, '--team', 'twice'], box.root, box.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing changed/);
    expect(await git(dir, ['rev-parse', 'HEAD'], box.env)).toBe(head);
    expect((await git(dir, ['status', '--porcelain'], box.env)).trim()).toBe('');
  });

  it('--help lists the commands and the exit codes', async () => {
    const result = await runOis(['--help'], box.root, box.env);
    expect(result.code).toBe(0);
    for (const command of ['init', 'join', 'sync', 'watch', 'status']) expect(result.stdout).toContain(command);
    expect(result.stdout).toMatch(/Exit codes/);
    expect(result.stdout).not.toContain('merge-driver');
  });
});
