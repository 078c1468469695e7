import { describe, expect, it } from 'vitest';
import { lintRepository } from '../../../src/app/lint/run.js';
import { memoryLintFs } from '../../helpers/memory-lint-fs.js';

const AGENTS = '# Team\n\n## ARIA\n\n- Gateway: http://127.0.0.1:18789\n- Token: env:OIS_TOKEN_ARIA\n';
const CHAT = '# 2026-11-23 Chat Log\n\n## 14:32 - ARIA\n\nHello @all\n\n---\n';
const HEX48 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c';

describe('lintRepository', () => {
  it('checks the default set and reports a clean repository', async () => {
    const fs = memoryLintFs({
      '/r/AGENTS.md': AGENTS,
      '/r/ois.config.json': '{}',
      '/r/chat/2026-11-23.md': CHAT,
      '/r/shared/notes/plan.md': 'plan',
      '/r/README.md': `not checked by default ${HEX48}`,
    });
    const report = await lintRepository('/r', undefined, { fs });
    expect(report.files).toEqual(['AGENTS.md', 'ois.config.json', 'chat/2026-11-23.md', 'shared/notes/plan.md']);
    expect(report.diagnostics).toEqual([]);
  });

  it('chooses checks by path: registry, chat, config, shared secrets', async () => {
    const fs = memoryLintFs({
      '/r/AGENTS.md': '## ARIA\n\n- Wake: push\n',
      '/r/ois.config.json': '{ "branch": 3 }',
      '/r/chat/2026-11-23.md': '## 25:00 - ARIA\n\nhi\n',
      '/r/shared/deploy.sh': `export TOKEN=${HEX48}\n`,
    });
    const report = await lintRepository('/r', undefined, { fs });
    const byFile = (file: string) => report.diagnostics.filter((d) => d.file === file).map((d) => d.ruleId);
    expect(byFile('AGENTS.md')).toEqual(expect.arrayContaining(['required-fields', 'wake-mode']));
    expect(byFile('ois.config.json')).toEqual(['config-schema']);
    expect(byFile('chat/2026-11-23.md')).toEqual(expect.arrayContaining(['chat-structure']));
    expect(byFile('shared/deploy.sh')).toEqual(['no-literal-secret']);
    expect(report.errorCount).toBe(report.diagnostics.length);
  });

  it('skips binary and oversized shared files, and says so; reports symbolic links, in the tree or tracked', async () => {
    const fs = memoryLintFs({
      '/r/AGENTS.md': AGENTS,
      '/r/shared/logo.png': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]),
      '/r/shared/big.txt': 'x'.repeat(2000) + HEX48,
      '/r/shared/link': { symlink: true },
    });
    const report = await lintRepository('/r', undefined, { fs, maxTextBytes: 1000, trackedSymlinks: ['shared/link', 'shared/ssh'] });
    expect(report.diagnostics.map((d) => [d.file, d.ruleId])).toEqual([
      ['shared/link', 'symlink'],
      ['shared/ssh', 'symlink'],
    ]);
    expect(report.diagnostics[1]?.message).toMatch(/^tracked as a symbolic link: ois never/);
    expect(report.skipped.map((s) => [s.file, s.reason])).toEqual([
      ['shared/big.txt', 'larger than 1000 bytes'],
      ['shared/logo.png', 'binary'],
    ]);
  });

  it('reports a missing AGENTS.md and a missing named file as errors', async () => {
    const report = await lintRepository('/r', undefined, { fs: memoryLintFs({ '/r/x': '' }) });
    expect(report.diagnostics.map((d) => [d.file, d.ruleId])).toEqual([['AGENTS.md', 'file-read']]);
    const named = await lintRepository('/r', ['chat/nope.md'], { fs: memoryLintFs({ '/r/AGENTS.md': AGENTS }) });
    expect(named.diagnostics.map((d) => [d.file, d.ruleId])).toEqual([['chat/nope.md', 'file-read']]);
  });

  it('lints only the named files; a directory stands for its files', async () => {
    const fs = memoryLintFs({ '/r/AGENTS.md': '## A\n', '/r/shared/a.md': `Bearer ${HEX48}`, '/r/shared/b/c.md': 'ok' });
    const report = await lintRepository('/r', ['shared'], { fs });
    expect(report.files).toEqual(['shared/a.md', 'shared/b/c.md']);
    expect(report.diagnostics.map((d) => d.ruleId)).toEqual(['no-literal-secret']);
  });

  it('reports a registry that is not UTF-8', async () => {
    const fs = memoryLintFs({ '/r/AGENTS.md': Uint8Array.from([0x23, 0x20, 0xff, 0xfe, 0x0a]) });
    const report = await lintRepository('/r', undefined, { fs });
    expect(report.diagnostics.map((d) => d.ruleId)).toEqual(['file-encoding']);
  });
});
