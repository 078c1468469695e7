import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../harness/git-repos.js';

const exec = promisify(execFile);
export const SSHD = ['/usr/sbin/sshd', '/usr/bin/sshd'].find((p) => existsSync(p));

export interface Sshd {
  port: number;
  /** A client key that the server accepts. */
  key: string;
  /** A client key that the server refuses. */
  otherKey: string;
  /** GIT_SSH_COMMAND for a key. */
  sshCommand(key: string): string;
  stop(): Promise<void>;
}

/**
 * An sshd on 127.0.0.1 with generated host and client keys, for the current user (root in CI), started
 * with `-D` and stopped by `stop()`. Needs openssh-server (`.ci/run` installs it).
 */
export async function startSshd(dir: string): Promise<Sshd> {
  if (!SSHD) throw new Error('sshd is not installed (apt-get install openssh-server)');
  await mkdir(dir, { recursive: true });
  await mkdir('/run/sshd', { recursive: true }).catch(() => undefined);
  const keygen = (file: string) => exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { timeout: 20_000 });
  const hostKey = join(dir, 'host_ed25519');
  const key = join(dir, 'client_ed25519');
  const otherKey = join(dir, 'other_ed25519');
  await Promise.all([keygen(hostKey), keygen(key), keygen(otherKey)]);
  const authorized = join(dir, 'authorized_keys');
  const { readFile } = await import('node:fs/promises');
  await writeFile(authorized, await readFile(`${key}.pub`, 'utf8'));
  await chmod(authorized, 0o600);
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorized}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: 'ignore' });
  const sshCommand = (k: string): string =>
    `ssh -i ${k} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=5 -p ${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await exec('ssh', [...sshCommand(key).split(' ').slice(1), '127.0.0.1', 'true'], { timeout: 10_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`sshd did not start: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    port,
    key,
    otherKey,
    sshCommand,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
