import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/program.js';
import { fakeIO } from '../../helpers/fake-io.js';

const GOOD = '# Team\n\n## ARIA ⚔️ (Core)\n\n- Id: aria\n- Gateway: http://127.0.0.1:18789\n- Token: env:OIS_TOKEN_ARIA\n\n## 小明\n\n- Id: xiaoming\n- Gateway: http://127.0.0.1:18790\n- Wake: hooks\n';
const HEX48 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c';
let repo: string;

function write(path: string, text: string): void {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), text);
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'ois-lint-'));
  mkdirSync(join(repo, '.git'));
  write('AGENTS.md', GOOD);
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('ois lint', () => {
  it('exits 0 on a clean repository, from a subdirectory too', async () => {
    mkdirSync(join(repo, 'shared'));
    const fake = fakeIO(join(repo, 'shared'));
    expect(await runCli(['lint'], fake.io)).toBe(0);
    expect(fake.stdout()).toContain('no problems');
  });

  it('exits 1 on errors and prints file:line:col-line:col diagnostics, never the secret', async () => {
    write('AGENTS.md', GOOD.replace('env:OIS_TOKEN_ARIA', HEX48));
    const fake = fakeIO(repo);
    expect(await runCli(['lint'], fake.io)).toBe(1);
    expect(fake.stdout()).toContain('AGENTS.md:7:10-7:58: error a 48-character hex string');
    expect(fake.stdout()).toContain('(no-literal-secret)');
    expect(fake.stdout() + fake.stderr()).not.toContain(HEX48);
  });

  it('fails on warnings only with --strict or --max-warnings', async () => {
    write('AGENTS.md', GOOD.replace('- Id: aria', '- Id: aria\n- Sesion: main'));
    expect(await runCli(['lint'], fakeIO(repo).io)).toBe(0);
    expect(await runCli(['lint', '--max-warnings', '1'], fakeIO(repo).io)).toBe(0);
    expect(await runCli(['lint', '--max-warnings', '0'], fakeIO(repo).io)).toBe(1);
    expect(await runCli(['lint', '--strict'], fakeIO(repo).io)).toBe(1);
  });

  it('--json and --format json print the versioned shape', async () => {
    write('chat/2026-11-23.md', '## 14:32 - ARIA\n\nhi\n');
    const fake = fakeIO(repo);
    expect(await runCli(['lint', '--json'], fake.io)).toBe(1);
    const json = JSON.parse(fake.stdout());
    expect(json).toMatchObject({ version: 1, ok: false, errorCount: 1, warningCount: 0 });
    expect(json.diagnostics[0]).toMatchObject({ file: 'chat/2026-11-23.md', ruleId: 'chat-structure', severity: 'error' });
    const other = fakeIO(repo);
    await runCli(['lint', '--format', 'json'], other.io);
    expect(other.stdout()).toBe(fake.stdout());
  });

  it('--format github prints workflow annotations', async () => {
    write('AGENTS.md', '## ARIA\n\n- Gateway: ftp://x\n');
    const fake = fakeIO(repo);
    expect(await runCli(['lint', '--format', 'github', 'AGENTS.md'], fake.io)).toBe(1);
    expect(fake.stdout()).toMatch(/^::error file=AGENTS\.md,line=3,col=12,endLine=3,endColumn=19,title=gateway-url::/);
  });

  it('lints only named files, relative to the current directory, with --dir', async () => {
    write('shared/a.md', `Bearer ${HEX48}`);
    const fake = fakeIO(join(repo, 'shared'));
    expect(await runCli(['lint', 'a.md', '--dir', repo], fake.io)).toBe(1);
    expect(fake.stdout()).toContain('shared/a.md:1:8');
  });

  it('refuses a bad command line with exit 2', async () => {
    expect(await runCli(['lint', '--format', 'xml'], fakeIO(repo).io)).toBe(2);
    expect(await runCli(['lint', '--max-warnings', 'many'], fakeIO(repo).io)).toBe(2);
  });

  it('outside a repository: exit 3 (NOT_A_REPO)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ois-none-'));
    try {
      const fake = fakeIO(empty);
      expect(await runCli(['lint'], fake.io)).toBe(3);
      expect(fake.stderr()).toContain('not inside a team repository');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('ois agents', () => {
  it('prints the registry as a table with token references only', async () => {
    const fake = fakeIO(repo);
    expect(await runCli(['agents'], fake.io)).toBe(0);
    const lines = fake.stdout().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+ROLE\s+GATEWAY\s+WAKE\s+SESSION\s+TOKEN$/);
    expect(lines[1]).toMatch(/^aria\s+ARIA ⚔️\s+Core\s+http:\/\/127\.0\.0\.1:18789\s+invoke\s+agent:main:main\s+env:OIS_TOKEN_ARIA$/);
    expect(lines[2]).toMatch(/^xiaoming\s+小明\s+-\s+/);
  });

  it('--json lists agents and leaves out (and counts) broken sections, never a secret', async () => {
    write('AGENTS.md', `${GOOD}\n## Leaky\n\n- Gateway: http://127.0.0.1:1\n- Token: ${HEX48}\n`);
    const fake = fakeIO(repo);
    expect(await runCli(['agents', '--json'], fake.io)).toBe(0);
    const json = JSON.parse(fake.stdout());
    expect(json.version).toBe(1);
    expect(json.agents.map((a: { id: string }) => a.id)).toEqual(['aria', 'xiaoming']);
    expect(json.agents[0].token).toBe('env:OIS_TOKEN_ARIA');
    expect(json).toMatchObject({ skipped: 1, errorCount: 1 });
    expect(fake.stdout() + fake.stderr()).not.toContain(HEX48);
  });

  it('lists the people (Kind: human) apart from the agents, in the table and in --json, never counted as skipped', async () => {
    write('AGENTS.md', `${GOOD}\n## Mia (owner)\n\n- Id: mia\n- Kind: human\n`);
    const table = fakeIO(repo);
    expect(await runCli(['agents'], table.io)).toBe(0);
    const text = table.stdout();
    expect(text.split('people (Kind: human, woken by no Gateway):')[0]).not.toContain('mia');
    expect(text).toMatch(/people \(Kind: human, woken by no Gateway\):\nID\s+NAME\s+ROLE\s+STATUS\nmia\s+Mia\s+owner\s+-\n/);
    const json = fakeIO(repo);
    expect(await runCli(['agents', '--json'], json.io)).toBe(0);
    const shape = JSON.parse(json.stdout());
    expect(shape.agents.map((a: { id: string }) => a.id)).toEqual(['aria', 'xiaoming']);
    expect(shape.humans).toEqual([{ id: 'mia', name: 'Mia', role: 'owner', status: null }]);
    expect(shape.skipped).toBe(0);
  });

  it('without AGENTS.md: NOT_FOUND (exit 1)', async () => {
    rmSync(join(repo, 'AGENTS.md'));
    expect(await runCli(['agents'], fakeIO(repo).io)).toBe(1);
  });
});
