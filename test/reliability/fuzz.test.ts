import { testPorts } from '../../harness/ports.js';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRepo } from '../../src/app/clone/repo.js';
import { runCycle } from '../../src/app/sync/cycle.js';
import { systemCycleDeps } from '../../src/wiring/cycle-deps.js';
import { blockingDiagnostics } from '../../src/app/sync/gate.js';
import { validateTeamConfig } from '../../src/core/config/validate.js';
import { lintFileText, lintRegistryText } from '../../src/core/registry/lint/index.js';
import { cycleDepsWithGate } from '../../src/cli/commands/gate.js';
import { git, joinAs, teamSandbox } from '../../harness/git-repos.js';
import { recordFigure } from '../helpers/report.js';

// Size knob: how many fuzzed files of each kind; a tenth of them also go through a real sync.
const RUNS = Number(process.env.OIS_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.OIS_FUZZ_SEED ?? 20261125);

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed with OIS_FUZZ_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGISTRY = `# team\n\n## ARIA ⚔️ (Core)\n\n- Id: aria\n- Gateway: http://127.0.0.1:18789\n- Session: agent:main:main\n- Wake: invoke\n- Token: env:OIS_TOKEN_ARIA\n\n## 小龙 🐉\n\n- Id: xiaolong\n- Gateway: https://gw.example.org:443\n- Token: env:OIS_TOKEN_XIAOLONG\n`;
const CHAT = `# 2026-11-23 Chat Log\n\n## 14:32 - ARIA ⚔️\n<!-- ois:entry id=abcdefghijklmnop at=2026-11-23T14:32:05.000Z author=aria -->\n\nDelegated batch-001 to @xiaolong.\n\n---\n\n## 14:40 - 小龙 🐉\n\nOn it 👍\n\n---\n`;
const CONFIG = `{\n  "branch": "main",\n  "wake": { "mode": "mentions" },\n  "sync": { "pollIntervalMs": 2000 }\n}\n`;
const JUNK = ['\u0000\u0001\u0002', '## ', '- ', ': ', '---\n', '<!--', '-->', '```\n', '@all', '\r\n', '{', '}', '"', 'Gateway: ftp://x', 'Token: ', 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718', '\uffff', '🐉', 'Id: Not Valid', '- Wake: shout\n'];

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i += 1) {
    const at = Math.floor(random() * (out.length + 1));
    switch (Math.floor(random() * 5)) {
      case 0:
        out = out.slice(0, at); // truncated
        break;
      case 1:
        out = `${out.slice(0, at)}${JUNK[Math.floor(random() * JUNK.length)]}${out.slice(at)}`;
        break;
      case 2: {
        const lines = out.split('\n');
        const line = Math.floor(random() * lines.length);
        lines.splice(line, 0, lines[line] ?? ''); // a duplicated line (duplicate fields, sections)
        out = lines.join('\n');
        break;
      }
      case 3:
        out = `${out.slice(0, at)}${out.slice(at + Math.floor(random() * 20))}`;
        break;
      default:
        out = `${out.slice(0, at)}${String.fromCharCode(Math.floor(random() * 0x3000))}${out.slice(at + 1)}`;
    }
  }
  return out;
}

function expectPositions(diagnostics: ReturnType<typeof lintFileText>['diagnostics']): void {
  for (const d of diagnostics) {
    expect(d.position.start.line).toBeGreaterThanOrEqual(1);
    expect(d.position.start.column).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.ruleId.length).toBeGreaterThan(0);
  }
}

describe('a fuzzed corpus of AGENTS.md, chat logs and config files', () => {
  it(`lint never crashes and always gives a position (${RUNS} files of each kind)`, () => {
    const random = prng(SEED);
    let diagnosed = 0;
    for (let i = 0; i < RUNS; i += 1) {
      for (const [file, text] of [['AGENTS.md', REGISTRY], ['chat/2026-11-23.md', CHAT], ['ois.config.json', CONFIG]] as const) {
        const fuzzed = mutate(text, random);
        const result = lintFileText(file, fuzzed);
        expectPositions(result.diagnostics);
        if (result.diagnostics.length > 0) diagnosed += 1;
        if (file === 'ois.config.json') {
          const config = validateTeamConfig(fuzzed);
          if (!config.ok) for (const issue of config.issues) expect(issue.message.length).toBeGreaterThan(0);
        }
      }
    }
    expect(diagnosed).toBeGreaterThan(0);
  });

  it('nothing that fails lint is pushed: the remote AGENTS.md always passes', async () => {
    const box = await teamSandbox();
    const random = prng(SEED + 1);
    let refused = 0;
    let pushed = 0;
    try {
      const aria = await joinAs(box, 'aria');
      const repo = await openRepo(aria, testPorts(box.env));
      const rounds = Math.max(3, Math.ceil(RUNS / 10));
      for (let i = 0; i < rounds; i += 1) {
        const fuzzed = i % 3 === 2 ? REGISTRY.replace('aria', `aria${i}`).replace('ARIA', `ARIA${i}`) : mutate(REGISTRY, random);
        await writeFile(join(aria, 'AGENTS.md'), fuzzed);
        const outcome = await runCycle(repo, repo.identity!, cycleDepsWithGate(systemCycleDeps()));
        const blocked = blockingDiagnostics('AGENTS.md', fuzzed).length > 0;
        if (blocked) refused += 1;
        else if (outcome.commit.files.includes('AGENTS.md')) pushed += 1;
        if (blocked) expect(outcome.commit.files).not.toContain('AGENTS.md');
        const remote = await git(box.bare, ['show', 'main:AGENTS.md'], box.env);
        expect(lintRegistryText(remote).errorCount).toBe(0);
        // The refused edit is still in the working tree, never discarded.
        expect(await readFile(join(aria, 'AGENTS.md'), 'utf8')).toBe(fuzzed);
      }
      expect(pushed).toBeGreaterThan(0);
      await recordFigure('fuzz', { filesPerKind: RUNS, syncRounds: rounds, refused, pushed, crashes: 0, invalidPushed: 0 });
    } finally {
      await box.cleanup();
    }
  }, 300_000);
});
