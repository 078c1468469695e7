import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { summarizeChecks } from '../../../src/app/agents/check.js';
import { hooksProbeAccepted, judgeGateway } from '../../../src/app/doctor/gateway.js';
import { judgeRegistered } from '../../../src/app/doctor/registry.js';
import { judgeWakeTool } from '../../../src/app/doctor/wake-tool.js';
import { fill, repositoryPath } from '../../../src/app/setup/templates.js';
import { PACKAGE_NAME, VERSION, packageSpec } from '../../../src/core/package-info.js';
import { parseRegistry } from '../../../src/core/registry/parse.js';
import { formatAgentTable } from '../../../src/core/registry/table.js';
import { describeOutcome } from '../../../src/core/wake/describe.js';

const ROOT = join(import.meta.dirname, '../../..');
const REGISTRY = '# t\n\n## ARIA ⚔️\n\n- Id: aria\n- Gateway: http://127.0.0.1:18789\n- Wake: hooks\n\n## 小明\n\n- Id: xiaoming\n- Gateway: http://10.0.0.2:18789\n- Wake: hooks\n- Hooks-Token: env:OIS_HOOKS_XIAOMING\n\n## Bob\n\n- Id: bob\n- Gateway: http://10.0.0.3:18789\n- Token: env:OIS_TOKEN_BOB\n';
const agents = parseRegistry(REGISTRY).registry.agents;
const xiaoming = agents.find((a) => a.id === 'xiaoming')!;

describe('the package name and version, everywhere', () => {
  it('package-info.ts is package.json; the CI template pins that exact version, never a range', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string> };
    expect([PACKAGE_NAME, VERSION]).toEqual([manifest.name, manifest.version]);
    expect(manifest.bin).toEqual({ ois: 'dist/cli/bin.js' });
    const ci = JSON.parse(fill(readFileSync(join(ROOT, 'templates/team/package.json'), 'utf8'), 'acme')) as { devDependencies: Record<string, string> };
    expect(ci.devDependencies).toEqual({ [PACKAGE_NAME]: VERSION });
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    const workflow = readFileSync(join(ROOT, 'templates/team/.github/workflows/ois-lint.yml'), 'utf8');
    expect(workflow).toContain('npm ci');
    expect(workflow).toContain('npx --no -- ois lint');
    expect(workflow).not.toMatch(/npx --yes|@\^|@~|ois@\d+\s/);
  });

  it('every install instruction names the scoped package', () => {
    for (const file of ['README.md', 'docs/how-to-join.md', 'templates/team/docs/how-to-join.md', 'templates/team/README.md']) {
      const text = fill(readFileSync(join(ROOT, file), 'utf8'), 'acme');
      expect([file, /npm install -g ois\b|npmjs\.com\/package\/ois\b/.test(text)]).toEqual([file, false]);
      expect([file, text.includes(`npm install -g ${PACKAGE_NAME}`)]).toEqual([file, true]);
    }
    expect(packageSpec()).toBe(`${PACKAGE_NAME}@${VERSION}`);
    expect(repositoryPath('gitignore')).toBe('.gitignore');
  });
});

describe('doctor and agents --check verdicts for onboarding (pure)', () => {
  it('the hooks probe: 400 "text required" means hooks on and the token taken; 401 and 404 fail with the right fix', () => {
    const accepted = { kind: 'http-error', status: 400, message: 'text required' } as const;
    expect(hooksProbeAccepted(accepted)).toBe(true);
    expect(judgeGateway(xiaoming, { probe: 'hooks', outcome: accepted })).toMatchObject({ verdict: 'ok', peer: 'xiaoming' });
    const refused = judgeGateway(xiaoming, { probe: 'hooks', outcome: { kind: 'unauthorized' } });
    expect(refused.verdict).toBe('fail');
    expect(refused.fix).toContain('ois token set xiaoming --hooks');
    expect(refused.fix).toContain('OIS_HOOKS_XIAOMING');
    const disabled = judgeGateway(xiaoming, { probe: 'hooks', outcome: { kind: 'http-error', status: 404, message: 'no /hooks/wake here' } });
    expect(disabled.verdict).toBe('fail');
    expect(disabled.detail).toMatch(/enable hooks/);
    expect(judgeGateway(xiaoming, { probe: 'hooks', outcome: { kind: 'rate-limited', retryAfterMs: 60_000 } }).verdict).toBe('warn');
    // Unpinned: the token is not tried, and that is actionable (ois trust).
    const unpinned = judgeGateway(xiaoming, { probe: 'health', reason: 'the URL is not pinned yet', reachable: true, status: 200 });
    expect(unpinned.verdict).toBe('warn');
    expect(unpinned.fix).toContain('ois trust xiaoming');
  });

  it('the wake tool of a hooks peer is known from the probe; an invoke peer never woken stays a warning', () => {
    expect(judgeWakeTool(xiaoming, undefined, true).verdict).toBe('ok');
    expect(judgeWakeTool(xiaoming, undefined, false).verdict).toBe('warn');
    expect(judgeWakeTool(agents.find((a) => a.id === 'bob')!, undefined, true).verdict).toBe('warn');
  });

  it('registered: the fix names what exists (a pending join branch, or the ois join that pushes one); a Gateway mismatch fails', () => {
    const remote = 'git@git.example.com:acme/ois.git';
    const zed = { id: 'zed', name: 'Zed ⚔️', gateway: 'http://127.0.0.1:18790' };
    const pending = judgeRegistered(zed, agents, { pending: true, remote });
    expect(pending?.verdict).toBe('fail');
    expect(pending?.fix).toContain('git merge --no-edit origin/join/zed');
    const none = judgeRegistered(zed, agents, { pending: false, remote });
    expect(none?.fix).toBe(`Run \`ois join ${remote} . --id zed --name "Zed ⚔️" --gateway http://127.0.0.1:18790\` here: it pushes join/zed with your section, for a member to merge (docs/how-to-join.md).`);
    expect(none?.fix).not.toContain('join/zed (branch');
    expect(judgeRegistered({ id: 'aria', name: 'A', gateway: 'HTTP://127.0.0.1:18789/' }, agents)?.verdict).toBe('ok');
    const moved = judgeRegistered({ id: 'aria', name: 'A', gateway: 'http://10.9.9.9:18789' }, agents, { pending: false, remote });
    expect(moved?.verdict).toBe('fail');
    expect(moved?.detail).toContain('git config ois.gateway');
    expect(moved?.fix).toContain('git config ois.gateway http://127.0.0.1:18789');
    expect(judgeRegistered({ id: 'aria', name: 'A' }, agents)?.verdict).toBe('ok');
    expect(judgeRegistered(undefined, agents)).toBeUndefined();
  });

  it('agents --check: the worst verdict wins, with its sentence', () => {
    const ok = { id: 'gateway:x', title: 't', verdict: 'ok', detail: 'answers' } as const;
    expect(summarizeChecks([ok])).toEqual({ verdict: 'ok', summary: 'answers' });
    expect(summarizeChecks([ok, { ...ok, id: 'trust:x', verdict: 'warn', detail: 'not pinned', fix: 'f' }, { ...ok, id: 'token:x', verdict: 'fail', detail: 'no token', fix: 'f' }])).toEqual({ verdict: 'fail', summary: 'no token' });
  });

  it('ois agents aligns names by display width (emoji with VS16, CJK) and shows the hooks token reference of hooks peers', () => {
    const table = formatAgentTable(agents).trimEnd().split('\n');
    const column = (line: string) => stringWidth(line.slice(0, line.indexOf('http') === -1 ? line.indexOf('GATEWAY') : line.indexOf('http')));
    expect(new Set(table.map(column)).size).toBe(1);
    expect(table.find((l) => l.startsWith('xiaoming'))).toContain('env:OIS_HOOKS_XIAOMING');
  });

  it("a catch-up wake's advice names this clone's git config, not AGENTS.md, and the agent's own id", () => {
    const own = describeOutcome('your own agent', { kind: 'unreachable', detail: 'connection refused' }, { gateway: 'http://127.0.0.1:1', own: 'zed', mode: 'hooks' });
    expect(own).toContain("this clone's Gateway URL (git config ois.gateway)");
    expect(own).not.toContain('AGENTS.md');
    const token = describeOutcome('your own agent', { kind: 'unauthorized' }, { own: 'zed', mode: 'hooks' });
    expect(token).toContain('`ois token set zed --hooks`');
    expect(describeOutcome('bob', { kind: 'unreachable', detail: 'x' })).toContain('the Gateway URL in AGENTS.md');
  });
});
