import { describe, expect, it } from 'vitest';
import { describeNotice } from '../../../src/core/sync/notices.js';
import { planPushGate, type GateCommit, type GateFinding } from '../../../src/core/sync/push-gate.js';
import { parseRawLog } from '../../../src/core/sync/raw-log.js';

const T = '# 2026-11-23 Chat Log\n\n';
const hand = (time: string, name: string, body: string) => `## ${time} - ${name}\n\n${body}\n\n---\n`;
const a = hand('10:00', 'HKH', 'a');
const b = hand('10:01', 'HKH', 'b');
const mine = hand('10:02', 'ARIA', 'mine');
const FILE = 'chat/2026-11-23.md';
const noLint = (): GateFinding[] => [];
const commit = (sha: string, subject: string, files: GateCommit['files']): GateCommit => ({ sha: sha.repeat(40).slice(0, 40), subject, files });

describe('planPushGate', () => {
  it('lets appends through', () => {
    const plan = planPushGate({ pushed: new Map([[FILE, T + a]]), commits: [commit('1', 'chat', [{ path: FILE, before: T + a, after: `${T}${a}\n${mine}` }])], lint: noLint });
    expect(plan).toEqual({ drop: [], repair: [], notices: [] });
  });

  it('repairs a commit that removes a pushed entry (a revert), naming the commit and the entries', () => {
    const plan = planPushGate({
      pushed: new Map([[FILE, `${T}${a}\n${b}`]]),
      commits: [commit('2', 'Revert "chat(hkh): 1 entry"', [{ path: FILE, before: `${T}${a}\n${b}`, after: T + a }])],
      lint: noLint,
    });
    expect(plan.repair).toEqual([FILE]);
    expect(plan.notices[0]?.message).toMatch(/^commit 22222222 \("Revert .*"\) removed 1 entry the remote has \("## 10:01 - HKH"\)/);
  });

  it('repairs a commit that cuts the end off a pushed entry (a revert of its completion), not one that edits it in place', () => {
    const half = hand('10:05', 'HKH', 'written in').replace('\n\n---\n', '\n');
    const whole = hand('10:05', 'HKH', 'written in two steps');
    const pushed = new Map([[FILE, `${T}${a}\n${whole}`]]);
    const revert = commit('7', 'Revert "chat(hkh): edit"', [{ path: FILE, before: `${T}${a}\n${whole}`, after: `${T}${a}\n${half}` }]);
    const plan = planPushGate({ pushed, commits: [revert], lint: noLint });
    expect(plan.repair).toEqual([FILE]);
    expect(plan.notices[0]?.message).toMatch(/^commit 77777777 \("Revert .*"\) cut the end off 1 entry the remote has \("## 10:05 - HKH"\): it is not pushed as it is/);
    const redact = commit('8', 'redact', [{ path: FILE, before: `${T}${a}\n${whole}`, after: `${T}${a}\n${hand('10:05', 'HKH', 'written in [redacted]')}` }]);
    expect(planPushGate({ pushed, commits: [redact], lint: noLint }).repair).toEqual([]);
  });

  it('repairs a range whose day file does not start with the pushed entries, even when no single commit removed one', () => {
    const plan = planPushGate({ pushed: new Map([[FILE, T + a]]), commits: [commit('3', 'new file by hand', [{ path: FILE, after: `${T}${mine}\n${a}` }])], lint: noLint });
    expect(plan.repair).toEqual([FILE]);
  });

  it('drops a registry change that fails lint in any commit, with file:line:column, and a deleted registry', () => {
    const lint = (_path: string, text: string): GateFinding[] => (text.includes('ftp://') ? [{ line: 7, column: 3, message: 'Gateway must be http(s)', ruleId: 'gateway-url' }] : []);
    const plan = planPushGate({
      pushed: new Map(),
      commits: [commit('4', 'bad', [{ path: 'AGENTS.md', before: '', after: '- Gateway: ftp://x' }]), commit('5', 'fixed', [{ path: 'AGENTS.md', before: '- Gateway: ftp://x', after: '- Gateway: http://x' }])],
      lint,
    });
    expect(plan.drop).toEqual(['AGENTS.md']);
    expect(describeNotice(plan.notices[0] ?? { kind: 'held', path: '', line: 0, column: 0, message: '' })).toMatch(/^AGENTS\.md:7:3: commit 44444444 not pushed: AGENTS\.md in commit 44444444 \("bad"\) fails lint: Gateway must be http\(s\) \(gateway-url\)/);
    expect(planPushGate({ pushed: new Map(), commits: [commit('6', 'rm', [{ path: 'ois.config.json', before: '{}' }])], lint: noLint }).drop).toEqual(['ois.config.json']);
  });
});

describe('parseRawLog', () => {
  it('reads commits with their raw changes (adds, deletes, edits)', () => {
    const out =
      '\x01aaaa\x1fbbbb\x1fsubject one\0\n:000000 100644 0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 A\0chat/d.md\0' +
      ':100644 000000 2222222222222222222222222222222222222222 0000000000000000000000000000000000000000 D\0AGENTS.md\0' +
      '\x01cccc\x1f\x1froot\0';
    expect(parseRawLog(out)).toEqual([
      { sha: 'aaaa', parents: ['bbbb'], subject: 'subject one', changes: [{ path: 'chat/d.md', after: '1'.repeat(40) }, { path: 'AGENTS.md', before: '2'.repeat(40) }] },
      { sha: 'cccc', parents: [], subject: 'root', changes: [] },
    ]);
  });
});
