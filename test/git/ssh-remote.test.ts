import { testPorts } from '../../harness/ports.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepo } from '../../src/app/clone/repo.js';
import { runCycle } from '../../src/app/sync/cycle.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import { OisError } from '../../src/core/errors.js';
import { runOis } from '../../harness/cli-process.js';
import { git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';
import { SSHD, startSshd, type Sshd } from '../helpers/sshd.js';

// CI installs openssh-server (.ci/run); on a machine without it this suite says so and is skipped.
describe.skipIf(!SSHD)('sync over SSH (sshd on 127.0.0.1 with generated keys)', () => {
  let box: Sandbox;
  let sshd: Sshd;
  beforeAll(async () => {
    box = await teamSandbox();
    sshd = await startSshd(join(box.root, 'ssh'));
  });
  afterAll(async () => {
    await sshd?.stop();
    await box?.cleanup();
  });

  it('clones, commits and pushes over ssh://', async () => {
    const url = `ssh://root@127.0.0.1:${sshd.port}${box.bare}`;
    const env = { ...box.env, GIT_SSH_COMMAND: sshd.sshCommand(sshd.key) };
    const joined = await runOis(['join', url, join(box.root, 'aria'), '--id', 'aria', '--name', 'ARIA'], box.root, env);
    expect(joined.code, joined.stderr).toBe(0);
    const aria = join(box.root, 'aria');
    await writeFile(join(aria, 'shared', 'over-ssh.txt'), 'hello over ssh\n');
    const synced = await runOis(['sync'], aria, env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(await git(box.bare, ['show', 'main:shared/over-ssh.txt'], box.env)).toBe('hello over ssh\n');
  });

  it('a rejected key gives a clear error (exit 6) and keeps the commit', async () => {
    const url = `ssh://root@127.0.0.1:${sshd.port}${box.bare}`;
    const hkh = await joinAs(box, 'hkh');
    await git(hkh, ['remote', 'set-url', 'origin', url], box.env);
    await writeFile(join(hkh, 'shared', 'refused.txt'), 'x\n');
    const repo = await openRepo(hkh, testPorts({ ...box.env, GIT_SSH_COMMAND: sshd.sshCommand(sshd.otherKey) }));
    const error = await runCycle(repo, repo.identity!, systemCycleDeps()).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(OisError);
    expect((error as OisError).code).toBe('AUTH_REFUSED');
    expect((error as OisError).exitCode).toBe(6);
    expect((error as OisError).message).toMatch(/refused this machine's credentials/);
    expect((await git(hkh, ['log', '-1', '--format=%s'], box.env)).trim()).toBe('shared(hkh): add refused.txt');
  });
});
