import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/program.js';
import { appendEntry, formatDayTitle, formatEntry } from '../../../src/core/chatlog/format.js';

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ois-chat-cli-'));
  temps.push(dir);
  return dir;
}

function fakeIO(cwd: string, options: { isTTY?: boolean; env?: Record<string, string> } = {}): CliIO & { stdout: string; stderr: string } {
  const io = {
    cwd,
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
    readStdin: async () => '',
    setExitCode: () => undefined,
    signal: new AbortController().signal,
  };
  return io;
}

const T = formatDayTitle('2026-11-23');
const e = (id: string, time: string, author: string, name: string, body: string): string =>
  formatEntry({ id, at: `2026-11-23T${time}Z`, author, name, body });
const A = e('aaaa0000aaaa0000', '10:00:00.000', 'aria', 'ARIA ⚔️', 'Morning @HKH');
const B = e('bbbb0000bbbb0000', '10:05:00.000', 'aria', 'ARIA ⚔️', 'More');
const C = e('cccc0000cccc0000', '10:03:00.000', 'hkh', 'HKH', '@all standup');

describe('ois merge-driver', () => {
  it('writes the merge into the ours file and exits 0', async () => {
    const dir = await temp();
    const [base, ours, theirs] = ['base', 'ours', 'theirs'].map((n) => join(dir, n));
    await writeFile(base!, T + A);
    await writeFile(ours!, appendEntry(T + A, B));
    await writeFile(theirs!, appendEntry(T + A, C));
    const io = fakeIO(dir);
    expect(await runCli(['merge-driver', base!, ours!, theirs!, 'chat/2026-11-23.md'], io)).toBe(0);
    const text = await readFile(ours!, 'utf8');
    expect(text.indexOf('cccc0000cccc0000')).toBeLessThan(text.indexOf('bbbb0000bbbb0000'));
    expect(await readdir(dir)).toEqual(['base', 'ours', 'theirs']); // no temp file left behind
  });

  it('exits 1 with markers on a conflict, 2 on a missing file', async () => {
    const dir = await temp();
    const [base, ours, theirs] = ['base', 'ours', 'theirs'].map((n) => join(dir, n));
    await writeFile(base!, T + A);
    await writeFile(ours!, T + A.replace('Morning', 'Hello'));
    await writeFile(theirs!, T + A.replace('Morning', 'Hi'));
    const io = fakeIO(dir);
    expect(await runCli(['merge-driver', base!, ours!, theirs!], io)).toBe(1);
    expect(await readFile(ours!, 'utf8')).toContain('<<<<<<< ours');
    expect(await runCli(['merge-driver', join(dir, 'nope'), ours!, theirs!], fakeIO(dir))).toBe(2);
    expect(await runCli(['merge-driver', base!], fakeIO(dir))).toBe(2);
  });

  it('is hidden from --help', async () => {
    const io = fakeIO('/');
    await runCli(['--help'], io);
    expect(io.stdout).toContain('log');
    expect(io.stdout).not.toContain('merge-driver');
  });
});

describe('ois log', () => {
  async function repo(): Promise<string> {
    const dir = await temp();
    await mkdir(join(dir, '.git'));
    await mkdir(join(dir, 'chat'));
    await writeFile(join(dir, 'AGENTS.md'), '## ARIA ⚔️ (Dev)\n\n- Id: aria\n- Gateway: http://127.0.0.1:18789\n\n## HKH\n\n- Id: hkh\n- Gateway: http://127.0.0.1:18790\n');
    await writeFile(join(dir, 'chat', '2026-11-22.md'), `${formatDayTitle('2026-11-22')}## 23:00 - HKH\n\nhand-written, yesterday\n\n---\n`);
    await writeFile(join(dir, 'chat', '2026-11-23.md'), [A, C, B].reduce(appendEntry, T));
    await writeFile(join(dir, 'chat', 'notes.txt'), 'not a day file');
    return dir;
  }

  it('prints the stable JSON shape, oldest first, with mentions and authors resolved', async () => {
    const dir = await repo();
    const io = fakeIO(join(dir, 'chat'));
    expect(await runCli(['log', '--json'], io)).toBe(0);
    const items = JSON.parse(io.stdout) as Record<string, unknown>[];
    expect(items.map((i) => i.body)).toEqual(['hand-written, yesterday', 'Morning @HKH', '@all standup', 'More']);
    expect(items[0]).toEqual({ file: 'chat/2026-11-22.md', id: null, at: null, time: '23:00', name: 'HKH', author: 'hkh', body: 'hand-written, yesterday', mentions: [] });
    expect(items[1]).toMatchObject({ id: 'aaaa0000aaaa0000', at: '2026-11-23T10:00:00.000Z', author: 'aria', mentions: ['hkh'] });
    expect(items[2]?.mentions).toEqual(['all']);
  });

  it('filters by --since/--until, --agent and --mentions', async () => {
    const dir = await repo();
    const bodies = async (...args: string[]): Promise<unknown[]> => {
      const io = fakeIO(dir);
      expect(await runCli(['log', '--json', ...args], io)).toBe(0);
      return (JSON.parse(io.stdout) as { body: string }[]).map((i) => i.body);
    };
    expect(await bodies('--since', '2026-11-23')).toEqual(['Morning @HKH', '@all standup', 'More']);
    expect(await bodies('--until', '2026-11-22')).toEqual(['hand-written, yesterday']);
    expect(await bodies('--since', '2026-11-23T10:01Z', '--until', '2026-11-23T10:04')).toEqual(['@all standup']);
    expect(await bodies('--agent', 'HKH')).toEqual(['hand-written, yesterday', '@all standup']);
    expect(await bodies('--agent', 'aria ⚔️')).toEqual(['Morning @HKH', 'More']);
    expect(await bodies('--mentions', 'hkh')).toEqual(['Morning @HKH', '@all standup']);
    expect(await bodies('--mentions', 'aria')).toEqual(['@all standup']);
  });

  it('prints readable text, coloured only on a TTY without NO_COLOR; bad dates are usage errors', async () => {
    const dir = await repo();
    const plain = fakeIO(dir);
    await runCli(['log', '--agent', 'aria'], plain);
    expect(plain.stdout).toContain('2026-11-23 10:00  ARIA ⚔️ (aria)\n  Morning @HKH\n');
    expect(plain.stdout).not.toContain('\u001b[');
    const tty = fakeIO(dir, { isTTY: true });
    await runCli(['log'], tty);
    expect(tty.stdout).toContain('\u001b[');
    const noColour = fakeIO(dir, { isTTY: true, env: { NO_COLOR: '1' } });
    await runCli(['log'], noColour);
    expect(noColour.stdout).not.toContain('\u001b[');
    expect(await runCli(['log', '--since', 'yesterday'], fakeIO(dir))).toBe(2);
  });

  it('reads --dir, reports problems with file:line:column, and needs a repository otherwise', async () => {
    const dir = await temp();
    await mkdir(join(dir, 'logs'));
    await writeFile(join(dir, 'logs', '2026-11-23.md'), '## 25:00 - X\n\nhi\n\n---\n');
    const io = fakeIO(dir);
    expect(await runCli(['log', '--json', '--dir', 'logs'], io)).toBe(0);
    expect(JSON.parse(io.stdout)).toHaveLength(1);
    expect(io.stderr).toContain('logs/2026-11-23.md:1:1: warning:');
    expect(await runCli(['log'], fakeIO(dir))).toBe(3);
  });
});
