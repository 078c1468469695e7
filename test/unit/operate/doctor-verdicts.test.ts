import { describe, expect, it } from 'vitest';
import { judgeChat } from '../../../src/app/doctor/chat.js';
import { judgeGateway } from '../../../src/app/doctor/gateway.js';
import { judgeGitVersion } from '../../../src/app/doctor/git-version.js';
import { judgeHooks } from '../../../src/app/doctor/hooks.js';
import { judgeIdentity } from '../../../src/app/doctor/identity.js';
import { judgeMergeDriver } from '../../../src/app/doctor/merge-driver.js';
import { wakeablePeers } from '../../../src/app/doctor/peers.js';
import { judgeRegistered, judgeRegistry } from '../../../src/app/doctor/registry.js';
import { judgeRemote } from '../../../src/app/doctor/remote.js';
import { judgeToken } from '../../../src/app/doctor/token.js';
import { judgeTrust } from '../../../src/app/doctor/trust.js';
import { judgeUnpushed } from '../../../src/app/doctor/unpushed.js';
import { judgeWakeTool, lastWakes } from '../../../src/app/doctor/wake-tool.js';
import { judgeWatcher } from '../../../src/app/doctor/watcher.js';
import { parseLines } from '../../../src/app/log/tail.js';
import { lintRegistryText } from '../../../src/core/registry/lint/index.js';
import { parseRegistry } from '../../../src/core/registry/parse.js';

const REGISTRY = '# agents\n\n## ARIA\n\n- Id: aria\n- Gateway: http://127.0.0.1:18789\n- Token: env:OIS_TOKEN_ARIA\n\n## BOB\n\n- Id: bob\n- Gateway: http://10.0.0.5:18789\n- Token: env:OIS_TOKEN_BOB\n';
const agents = parseRegistry(REGISTRY).registry.agents;
const bob = agents.find((a) => a.id === 'bob')!;
const verdicts = (...results: Array<{ verdict: string }>): string[] => results.map((r) => r.verdict);

describe('doctor verdicts (pure), each passing and failing', () => {
  it('chat: held entries and recent refusals warn with where and how to fix; old ones are forgotten', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(judgeChat({}, now).verdict).toBe('ok');
    const held = judgeChat({ held: [{ kind: 'held', path: 'chat/2026-11-23.md', line: 12, column: 7, heading: '## 10:01 - ARIA', message: 'a Bearer credential looks like a literal secret' }] }, now);
    expect(held).toMatchObject({ verdict: 'warn', detail: expect.stringContaining('chat/2026-11-23.md:12:7'), fix: expect.stringContaining('remove the secret') });
    const gate = { kind: 'not-pushed' as const, path: 'AGENTS.md', line: 7, column: 3, message: 'fails lint', at: '2026-11-23T11:00:00Z' };
    expect(judgeChat({ restored: [gate] }, now)).toMatchObject({ verdict: 'warn', fix: expect.stringContaining('ois lint') });
    expect(judgeChat({ restored: [{ ...gate, at: '2026-11-20T11:00:00Z' }] }, now).verdict).toBe('ok');
  });

  it('git version, identity, watcher', () => {
    expect(verdicts(judgeGitVersion('git version 2.39.5\n'), judgeGitVersion('git version 2.25.1'), judgeGitVersion(undefined))).toEqual(['ok', 'fail', 'fail']);
    expect(verdicts(judgeIdentity({ id: 'aria', name: 'ARIA' }), judgeIdentity(undefined))).toEqual(['ok', 'fail']);
    expect(verdicts(judgeWatcher('pong 123'), judgeWatcher(undefined))).toEqual(['ok', 'warn']);
  });

  it('remote: missing, unreachable, refused credentials, read-only, behind, writable', () => {
    const base = { url: 'https://bob:s3cret@git.example/acme.git', branch: 'main' };
    expect(judgeRemote({ url: undefined, branch: 'main' })[0]?.verdict).toBe('fail');
    const down = judgeRemote({ ...base, lsRemote: { ok: false, stderr: 'fatal: unable to access: Could not resolve host: git.example' } });
    expect(verdicts(...down)).toEqual(['fail']);
    expect(JSON.stringify(down)).not.toContain('s3cret');
    expect(judgeRemote({ ...base, lsRemote: { ok: false, stderr: 'fatal: Authentication failed for x' } })[0]?.detail).toMatch(/credentials refused/);
    const readOnly = judgeRemote({ ...base, lsRemote: { ok: true }, pushDryRun: { ok: false, stderr: 'remote: Permission to acme.git denied to bob.\nfatal: unable to access: The requested URL returned error: 403' } });
    expect(verdicts(...readOnly)).toEqual(['ok', 'fail']);
    const behind = judgeRemote({ ...base, lsRemote: { ok: true }, pushDryRun: { ok: false, stderr: ' ! [rejected]        HEAD -> main (fetch first)' } });
    expect(verdicts(...behind)).toEqual(['ok', 'ok']);
    expect(verdicts(...judgeRemote({ ...base, lsRemote: { ok: true }, pushDryRun: { ok: true, stderr: '' } }))).toEqual(['ok', 'ok']);
  });

  it('merge driver and hooks', () => {
    const wanted = '"/usr/bin/node" "/opt/ois/dist/cli/bin.js" merge-driver %O %A %B %P';
    expect(judgeMergeDriver(wanted, wanted, () => true).verdict).toBe('ok');
    expect(judgeMergeDriver('', wanted, () => true).verdict).toBe('fail');
    expect(judgeMergeDriver(wanted.replace('/opt', '/old'), wanted, () => true).verdict).toBe('warn');
    expect(judgeMergeDriver(wanted.replace('/opt', '/old'), wanted, () => false).verdict).toBe('fail');
    expect(verdicts(judgeHooks({ installed: true }), judgeHooks({ installed: false }), judgeHooks({ installed: false, hooksPathElsewhere: '.husky' }))).toEqual(['ok', 'warn', 'warn']);
  });

  it('registry valid and this agent in it', () => {
    expect(judgeRegistry(REGISTRY, lintRegistryText(REGISTRY), 2).verdict).toBe('ok');
    const broken = `${REGISTRY}\n## EVE\n\n- Gateway: ftp://nope\n- Token: hunter2hunter2\n`;
    const result = judgeRegistry(broken, lintRegistryText(broken), 2);
    expect(result.verdict).toBe('fail');
    expect(result.detail).toMatch(/lint error/);
    expect(result.detail).not.toContain('hunter2hunter2');
    expect(judgeRegistry(undefined, undefined, 0).verdict).toBe('fail');
    expect(judgeRegistered({ id: 'aria', name: 'A' }, agents)?.verdict).toBe('ok');
    expect(judgeRegistered({ id: 'zed', name: 'Z' }, agents)?.verdict).toBe('fail');
    // A person's own clone: listed as Kind: human, which is registered (no Gateway to compare).
    const person = judgeRegistered({ id: 'mia', name: 'Mia' }, agents, undefined, [{ id: 'mia' }]);
    expect(person).toMatchObject({ verdict: 'ok' });
    expect(person?.detail).toMatch(/person \(Kind: human\)/);
  });

  it('peers: who could be woken, token, trust, Gateway, wake tool', () => {
    expect(wakeablePeers(agents, 'aria', { mode: 'mentions' }).map((a) => a.id)).toEqual(['bob']);
    expect(wakeablePeers(agents, 'aria', { mode: 'none' })).toEqual([]);
    expect(judgeToken(bob, { found: true, source: 'the environment variable OIS_TOKEN_BOB' }).verdict).toBe('ok');
    expect(judgeToken(bob, { found: false, message: 'no token for bob', hint: 'Set OIS_TOKEN_BOB' }).verdict).toBe('fail');
    expect(verdicts(judgeTrust(bob, 'http://10.0.0.5:18789'), judgeTrust(bob, undefined), judgeTrust(bob, 'http://10.0.0.9:18789'))).toEqual(['ok', 'warn', 'fail']);
    expect(judgeTrust(bob, 'http://10.0.0.9:18789').fix).toContain('ois trust bob');
    expect(judgeGateway(bob, { probe: 'invoke', outcome: { kind: 'delivered' } }).verdict).toBe('ok');
    expect(judgeGateway(bob, { probe: 'invoke', outcome: { kind: 'unauthorized' } }).verdict).toBe('fail');
    expect(judgeGateway(bob, { probe: 'invoke', outcome: { kind: 'unreachable', detail: 'connection refused' } }).verdict).toBe('fail');
    expect(judgeGateway(bob, { probe: 'health', reason: 'the URL is not pinned yet', reachable: true, status: 200 }).verdict).toBe('warn');
    expect(judgeGateway(bob, { probe: 'health', reason: 'no token for this peer', reachable: false, detail: 'ECONNREFUSED' }).verdict).toBe('fail');
    const log = parseLines(
      [
        JSON.stringify({ at: '2026-11-23T10:00:00.000Z', level: 'warn', event: 'wake', message: 'x', peer: 'bob', outcome: 'tool-not-allowed' }),
        'not json',
        JSON.stringify({ at: '2026-11-23T10:01:00.000Z', level: 'info', event: 'cycle', message: 'pushed' }),
      ].join('\n'),
    );
    expect(judgeWakeTool(bob, lastWakes(log).get('bob')).verdict).toBe('fail');
    expect(judgeWakeTool(bob, { outcome: 'delivered', at: 'x' }).verdict).toBe('ok');
    expect(judgeWakeTool(bob, undefined).detail).toMatch(/cannot verify sessions_send without sending/);
  });

  it('unpushed commits by age', () => {
    expect(verdicts(judgeUnpushed(0, undefined, undefined), judgeUnpushed(2, 30, undefined), judgeUnpushed(2, 900, undefined), judgeUnpushed(1, 7200, { code: 'REMOTE_UNREACHABLE', message: 'down', at: 'x' }))).toEqual([
      'ok',
      'ok',
      'warn',
      'fail',
    ]);
  });
});
