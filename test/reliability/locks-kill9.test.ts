import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cloneLockAddress, createLocks } from '../../src/adapters/locks/index.js';
import { holdClone, SAY_HOLDER } from '../../src/app/clone/hold.js';
import { parseChatLog } from '../../src/core/chatlog/parse.js';
import type { Locks } from '../../src/ports/index.js';
import { systemPorts } from '../../src/wiring/ports.js';
import { runOis } from '../../harness/cli-process.js';
import { git, joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

/**
 * The adversary of docs/locking.md: a process killed with SIGKILL while it holds a lock (the clone
 * lock, chat.lock, or both, as an `ois sync` or `ois say` mid-cycle does) must not make the next
 * command wait out a timeout: the clone lock goes with the process, and a file lock whose holder is
 * gone is taken over at once. Holders are real processes running the built locks (`npm run build`).
 */

const DIST = join(import.meta.dirname, '..', '..', 'dist');
/** Far below every lock's timeout (5 minutes for chat.lock and the clone hold, 30 s by default). */
const PROMPT_MS = 5_000;

const HOLDER = `
import { createLocks } from ${JSON.stringify(pathToFileURL(join(DIST, 'adapters', 'locks', 'index.js')).href)};
import { systemPorts } from ${JSON.stringify(pathToFileURL(join(DIST, 'wiring', 'ports.js')).href)};
const [gitDir, lockFile, answer, platform, tmp] = process.argv.slice(2);
const ports = systemPorts();
const locks = platform === '-' ? ports.locks : createLocks({ clock: ports.clock, random: ports.random, platform, tmp, pid: process.pid });
if (gitDir !== '-') {
  const lock = await locks.takeClone(gitDir, (command) => (command === 'ping' ? answer : 'busy'));
  if (!lock) { console.log('not taken'); process.exit(3); }
}
setInterval(() => undefined, 60_000);
if (lockFile !== '-') await locks.withFile(lockFile, () => { console.log('held'); return new Promise(() => undefined); });
else console.log('held');
`;

const temps: string[] = [];
const children: ChildProcess[] = [];
let box: Sandbox | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await box?.cleanup();
  box = undefined;
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ois-locks-kill9-'));
  temps.push(dir);
  return dir;
}

interface Held {
  pid: number;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
}

/** Starts a process holding the clone lock of `gitDir` and/or the file lock `lockFile`; resolves once it holds them. */
async function holder(options: { gitDir?: string; lockFile?: string; answer?: string; platform?: string; tmp?: string }): Promise<Held> {
  const dir = await tempDir();
  const script = join(dir, 'holder.mjs');
  await writeFile(script, HOLDER);
  const args = [options.gitDir ?? '-', options.lockFile ?? '-', options.answer ?? 'busy', options.platform ?? '-', options.tmp ?? '-'];
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the holder did not take its locks: ${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes('held')) {
        clearTimeout(timer);
        resolve();
      }
      if (output.includes('not taken')) reject(new Error('the holder found the lock taken'));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the holder exited (${code}): ${output}`)));
  });
  return {
    pid: child.pid ?? 0,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

const answerBusy = (): string => 'busy';

describe('kill -9 while holding a lock: the next command proceeds at once', () => {
  it('the clone lock (an abstract socket on Linux) goes with its process, even while a waiter polls', async () => {
    const gitDir = join(await tempDir(), '.git');
    const locks = systemPorts().locks;
    const held = await holder({ gitDir, answer: SAY_HOLDER });
    expect(await locks.takeClone(gitDir, answerBusy)).toBeUndefined();
    expect(await locks.askClone(gitDir, 'ping', 2_000)).toBe(SAY_HOLDER);
    // A second `ois say` waiting for the clone (another say's cycle is not enough: acceptSay false).
    const waiting = holdClone(gitDir, systemPorts(), { acceptSay: false, timeoutMs: 120_000 });
    await new Promise((r) => setTimeout(r, 300));
    const killedAt = Date.now();
    await held.kill();
    const hold = await waiting;
    expect(hold.kind).toBe('lock');
    expect(Date.now() - killedAt).toBeLessThan(PROMPT_MS);
    if (hold.kind === 'lock') await hold.lock.release();
    expect(await locks.askClone(gitDir, 'ping', 500)).toBeUndefined();
  });

  it('a clone lock left as a socket file (platforms without abstract sockets) is replaced at once', async () => {
    const tmp = await tempDir();
    const gitDir = join(tmp, 'clone', '.git');
    const ports = systemPorts();
    const locks: Locks = createLocks({ clock: ports.clock, random: ports.random, platform: 'darwin', tmp, pid: process.pid });
    const held = await holder({ gitDir, platform: 'darwin', tmp });
    expect(await locks.takeClone(gitDir, answerBusy)).toBeUndefined();
    await held.kill();
    // The dead holder's socket file is still there: nobody answers on it.
    expect((await stat(cloneLockAddress(gitDir, { platform: 'darwin', tmp }))).isSocket()).toBe(true);
    const lock = await locks.takeClone(gitDir, answerBusy);
    expect(lock?.address.startsWith(tmp)).toBe(true);
    expect((await stat(lock?.address ?? '')).isSocket()).toBe(true);
    expect(await locks.askClone(gitDir, 'ping', 1_000)).toBe('busy');
    await lock?.release();
  });

  it('chat.lock left by a killed holder is taken over at once, by a waiter already waiting and by the next command', async () => {
    const dir = await tempDir();
    const path = join(dir, 'ois', 'chat.lock');
    const locks = systemPorts().locks;
    const held = await holder({ lockFile: path });
    expect((await readFile(path, 'utf8')).split(' ')[0]).toBe(String(held.pid));
    await expect(locks.withFile(path, async () => 'never', { timeoutMs: 300 })).rejects.toMatchObject({ code: 'LOCKED' });
    const waiting = locks.withFile(path, async () => 'after the crash', { timeoutMs: 120_000 });
    await new Promise((r) => setTimeout(r, 300));
    const killedAt = Date.now();
    await held.kill();
    expect(await waiting).toBe('after the crash');
    expect(Date.now() - killedAt).toBeLessThan(PROMPT_MS);

    // Killed again, with nobody waiting: the file stays behind, and the next holder does not wait on it.
    const again = await holder({ lockFile: path });
    await again.kill();
    expect((await readFile(path, 'utf8')).split(' ')[0]).toBe(String(again.pid));
    const started = Date.now();
    expect(await locks.withFile(path, async () => 'next', { timeoutMs: 120_000 })).toBe('next');
    expect(Date.now() - started).toBeLessThan(PROMPT_MS);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  for (const [as, answer] of [
    ['an `ois sync` mid-cycle', 'busy'],
    ['an `ois say` mid-cycle', SAY_HOLDER],
  ] as const) {
    it(`\`ois say\` in a real clone goes through when ${as} holding the clone lock and chat.lock is killed`, async () => {
      box = await teamSandbox('locks-kill9');
      const aria = await joinAs(box, 'aria');
      const gitDir = join(aria, '.git');
      const held = await holder({ gitDir, lockFile: join(gitDir, 'ois', 'chat.lock'), answer });
      let finished = false;
      const saying = runOis(['say', '--json', 'after the crash'], aria, box.env, 120_000).finally(() => (finished = true));
      await new Promise((r) => setTimeout(r, 1_500));
      expect(finished).toBe(false); // it waits for the holder
      const killedAt = Date.now();
      await held.kill();
      const run = await saying;
      expect(run.code, run.stderr).toBe(0);
      // The cycle (fetch, commit, push) included: well below the 5-minute waits of either lock.
      expect(Date.now() - killedAt).toBeLessThan(60_000);
      expect(JSON.parse(run.stdout)).toMatchObject({ synced: true, via: 'here', committed: true });
      const remote = await git(box.bare, ['log', '-1', '--format=%H', 'main'], box.env);
      const day = (await git(aria, ['ls-files', 'chat'], box.env)).trim().split('\n').filter((f) => f.endsWith('.md')).pop() ?? '';
      expect(parseChatLog(await git(box.bare, ['show', `${remote.trim()}:${day}`], box.env)).entries.map((e) => e.body)).toContain('after the crash');
      await expect(stat(join(gitDir, 'ois', 'chat.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
    });
  }
});
