import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChatLog } from '../../../src/core/chatlog/parse.js';
import { buildBoard, type BoardEntry } from '../../../src/core/tasks/board.js';
import { formatDuration, resolveDeadline } from '../../../src/core/tasks/duration.js';
import { formatAlert, formatStatusUpdate, formatTaskComplete, formatTaskFailed, formatTaskRequest } from '../../../src/core/tasks/format.js';
import { parseStructured } from '../../../src/core/tasks/parse.js';
import { dueReminders, formatReminder } from '../../../src/core/tasks/reminders.js';
import { lintText } from '../../../src/core/registry/lint/index.js';
import { structuredEntry } from '../../../src/core/registry/lint/rules/structured-entry.js';

const members = [
  { id: 'aria', name: 'ARIA ⚔️' },
  { id: 'hkh', name: 'HKH' },
  { id: 'bob', name: 'BOB' },
];
const fixture = readFileSync(join(import.meta.dirname, '../../fixtures/tasks/spec-examples.md'), 'utf8');
const entries: BoardEntry[] = parseChatLog(fixture).entries.map((e) => ({ ...e, day: '2026-11-23' }));
const values = (body: string) => Object.fromEntries(Object.entries(parseStructured(body)?.fields ?? {}).map(([k, v]) => [k, v?.value]));

describe('parseStructured: the spec-like hand-written examples', () => {
  it('recognises each shape, its fields and markers, and leaves plain messages alone', () => {
    const parsed = entries.map((e) => parseStructured(e.body));
    expect(parsed.map((p) => p?.kind)).toEqual(['task-request', 'task-request', 'task-complete', 'status-update', 'alert', undefined, 'task-failed']);
    expect(values(entries[6]!.body)).toEqual({ RequestID: 'req-20261123-002', Reason: 'the spec links a file nobody shared', PartialOutput: 'none', Suggestion: 'share shared/spec-v2.md first' });
    expect(values(entries[0]!.body)).toEqual({
      Type: 'batch-processing',
      Description: 'Process batch-001 (4,000 images) and write the results to shared/results/.',
      Priority: 'High',
      Deadline: '2026-11-23 18:00 UTC',
      Data: 'shared/batch-001/',
      Callback: '@ARIA',
      RequestID: 'req-20261123-001',
    });
    expect(parsed[0]?.markers).toEqual(['PENDING']);
    expect(parsed[0]?.problems).toEqual([]);
    expect(values(entries[1]!.body)).toEqual({ Type: 'review', RequestID: 'req-20261123-002', Priority: 'medium' });
    expect(parsed[1]?.prose).toBe('Please review shared/spec.md before the standup.');
    expect(values(entries[3]!.body)).toMatchObject({ Agent: 'bob', Status: 'busy', CurrentTask: 'req-20261123-002' });
    expect(parsed[3]?.markers).toEqual(['AUTO']);
    expect(parsed[4]?.markers).toEqual(['ACTION REQUIRED', 'REDACTED']);
    expect(parsed.flatMap((p) => p?.problems ?? [])).toEqual([]);
  });

  it('reports unknown words and a Task Complete without RequestID, with positions in the body', () => {
    const bad = parseStructured('**Task Request** @hkh\n\n- RequestID: r1\n- Priority: asap\n- Deadline: tomorrow');
    expect(bad?.problems.map((p) => [p.code, p.line, p.column])).toEqual([
      ['unknown-priority', 4, 13],
      ['bad-deadline', 5, 13],
    ]);
    expect(parseStructured('**Task Complete**\n\n- Status: meh')?.problems.map((p) => p.code)).toEqual(['unknown-status', 'missing-request-id']);
    expect(parseStructured('**Alert**\n\n- Level: panic')?.problems.map((p) => p.code)).toEqual(['unknown-level']);
    expect(parseStructured('Task requests are tracked now.')).toBeUndefined();
  });
});

describe('formatters round-trip through the parser', () => {
  it('writes each shape so that the parser reads back every field', () => {
    const request = formatTaskRequest({
      requestId: 'req-1', to: 'hkh', description: 'Render batch-001\n\nthen zip it\n- Priority: not a field', type: 'render', priority: 'high', deadline: '2026-11-23T18:00:00Z', data: 'shared/b1/', callback: 'aria',
    });
    expect(request.split('\n')[0]).toBe('**Task Request** [PENDING] @hkh');
    expect(values(request)).toEqual({
      RequestID: 'req-1', Type: 'render', Priority: 'high', Deadline: '2026-11-23T18:00:00Z', Data: 'shared/b1/', Callback: '@aria',
      Description: 'Render batch-001\nthen zip it\n- Priority: not a field',
    });
    const done = formatTaskComplete({ requestId: 'req-1', to: 'aria', status: 'partial', duration: '2h 15m', output: 'shared/out.csv', summary: 'most of it', errors: '3 files unreadable' });
    expect(values(done)).toEqual({ RequestID: 'req-1', Status: 'partial', Duration: '2h 15m', Output: 'shared/out.csv', Summary: 'most of it', Errors: '3 files unreadable' });
    expect(values(formatStatusUpdate({ agent: 'hkh', status: 'busy', currentTask: 'req-1' }))).toEqual({ Agent: 'hkh', Status: 'busy', CurrentTask: 'req-1' });
    const alert = formatAlert({ level: 'critical', message: 'Disk full', source: 'hkh', action: 'free space' });
    expect(alert.split('\n')[0]).toBe('**Alert** [ACTION REQUIRED] @all');
    expect(values(alert)).toEqual({ Level: 'critical', Source: 'hkh', Message: 'Disk full', Action: 'free space' });
    expect(formatAlert({ level: 'info', message: 'fyi' }).split('\n')[0]).toBe('**Alert**');
    expect(() => formatTaskRequest({ requestId: 'r', to: 'x', description: 'd', priority: 'asap' as never })).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('reads deadlines as durations or ISO times, and prints durations', () => {
    const now = Date.parse('2026-11-23T14:00:00Z');
    expect(resolveDeadline('2h', now)).toBe('2026-11-23T16:00:00Z');
    expect(resolveDeadline('1d12h', now)).toBe('2026-11-25T02:00:00Z');
    expect(resolveDeadline('2026-11-24T09:30', now)).toBe('2026-11-24T09:30:00Z');
    expect(() => resolveDeadline('soon', now)).toThrow(expect.objectContaining({ code: 'USAGE' }));
    expect([formatDuration(8_100_000), formatDuration(45_000), formatDuration(90_061_000)]).toEqual(['2h 15m', '45s', '1d 1h']);
  });
});

describe('buildBoard', () => {
  it('derives states, people, ages and durations from the history', () => {
    const board = buildBoard(entries, Date.parse('2026-11-23T19:00:00Z'), members);
    expect(board.map((t) => [t.requestId, t.from, t.to, t.state, t.priority])).toEqual([
      ['req-20261123-001', 'aria', 'hkh', 'done', 'high'],
      ['req-20261123-002', 'hkh', 'bob', 'failed', 'medium'],
    ]);
    expect(board[0]).toMatchObject({ duration: (2 * 60 + 42) * 60_000, reportedDuration: '2h 42m', output: 'shared/results/batch-001.csv', deadline: '2026-11-23T18:00:00.000Z' });
    // The hand-written Task Failed (no exact time: its heading's 13:05) answers the hand-written request.
    expect(board[1]).toMatchObject({ duration: (13 * 60 + 5 - 9 * 60 - 5) * 60_000, description: 'Please review shared/spec.md before the standup.', reason: 'the spec links a file nobody shared', suggestion: 'share shared/spec-v2.md first', output: 'none' });
  });

  it('marks a task overdue past its deadline, and failed or partial from its answer', () => {
    const at = (h: number) => `2026-11-23T${String(h).padStart(2, '0')}:00:00.000Z`;
    const e = (h: number, author: string, body: string): BoardEntry => ({ body, at: at(h), time: `${h}:00`, day: '2026-11-23', author, name: author });
    const history = [
      e(8, 'aria', formatTaskRequest({ requestId: 'a', to: 'hkh', description: 'x', deadline: '2026-11-23T10:00:00Z' })),
      e(8, 'aria', formatTaskRequest({ requestId: 'b', to: 'hkh', description: 'y' })),
      e(9, 'aria', formatTaskRequest({ requestId: 'c', to: 'bob', description: 'z' })),
      e(10, 'hkh', formatTaskComplete({ requestId: 'b', to: 'aria', status: 'failed', errors: 'no GPU' })),
      e(11, 'bob', formatTaskComplete({ requestId: 'C', to: 'aria', status: 'partial' })),
      e(11, 'bob', formatTaskComplete({ requestId: 'nope', status: 'success' })),
    ];
    expect(buildBoard(history.slice(0, 3), Date.parse(at(9)), members).map((t) => t.state)).toEqual(['open', 'open', 'open']);
    const later = buildBoard(history, Date.parse(at(12)), members);
    expect(later.map((t) => t.state)).toEqual(['overdue', 'failed', 'partial']);
    expect(later.map((t) => t.duration)).toEqual([null, 2 * 3_600_000, 2 * 3_600_000]);
    expect(later[1]?.errors).toBe('no GPU');
  });
});

describe('dueReminders (injected clock)', () => {
  it('reminds the assignee once past the deadline and the requester once past the margin', () => {
    const at = (h: number) => Date.parse(`2026-11-23T${String(h).padStart(2, '0')}:00:00Z`);
    const e = (h: number, author: string, body: string): BoardEntry => ({ body, at: new Date(at(h)).toISOString(), time: `${h}:00`, day: '2026-11-23', author, name: author });
    const history = [e(8, 'aria', formatTaskRequest({ requestId: 'R1', to: 'hkh', description: 'x', deadline: '2026-11-23T10:00:00Z' }))];
    const policy = { requesterMarginMs: 2 * 3_600_000 };
    const sent = new Set<string>();
    const tick = (h: number, agents: string[], hist = history) => {
      const due = dueReminders(buildBoard(hist, at(h), members), agents, at(h), sent, policy);
      for (const r of due) sent.add(r.key);
      return due.map((r) => r.key);
    };
    expect(tick(9, ['hkh', 'aria'])).toEqual([]);
    expect(tick(11, ['aria'])).toEqual([]); // aria's watcher: not yet past the margin
    expect(tick(11, ['hkh'])).toEqual(['r1:assignee']);
    expect(tick(11, ['hkh'])).toEqual([]);
    expect(tick(12, ['aria', 'hkh'])).toEqual([]); // exactly the margin: not past it
    expect(tick(13, ['aria', 'hkh'])).toEqual(['r1:requester']);
    expect(tick(20, ['aria', 'hkh'])).toEqual([]);
    const answered = [...history, e(21, 'hkh', formatTaskComplete({ requestId: 'R1', status: 'success' }))];
    expect(dueReminders(buildBoard(answered, at(22), members), ['aria', 'hkh'], at(22), new Set(), policy)).toEqual([]);
    const reminder = dueReminders(buildBoard(history, at(11), members), ['hkh'], at(11), new Set(), policy)[0]!;
    expect(formatReminder(reminder)).toContain('ois task done R1');
  });
});

describe('structured-entry lint rule positions', () => {
  it('points at the field in the file, after the metadata comment', () => {
    const text = '# 2026-11-23 Chat Log\n\n## 09:00 - ARIA\n<!-- ois:entry id=k3xq9d2m7fz1w8ah at=2026-11-23T09:00:00.000Z author=aria -->\n\n**Task Request** @hkh\n\n- RequestID: r1\n- Priority: asap\n\n---\n';
    const found = lintText(text, { file: 'chat/2026-11-23.md', kind: 'chat', rules: [structuredEntry] }).diagnostics;
    expect(found.map((d) => [d.severity, d.position.start.line, d.position.start.column])).toEqual([['warning', 9, 13]]);
  });
});

describe('Task Failed (Reason, Partial output, Suggestion)', () => {
  const request = { body: '**Task Request** @hkh\n\n- RequestID: req-9\n- Description: render', at: '2026-11-23T09:00:00Z', time: '09:00', day: '2026-11-23', author: 'aria', name: 'ARIA' };

  it('is written by one formatter and read back, hand-written spellings too', () => {
    const body = formatTaskFailed({ requestId: 'req-9', to: 'aria', reason: 'GPU out of memory\nafter 1,200 frames', partialOutput: 'shared/r/', suggestion: 'split it' });
    expect(body).toBe('**Task Failed** @aria\n\n- RequestID: req-9\n- Reason: GPU out of memory\n  after 1,200 frames\n- Partial output: shared/r/\n- Suggestion: split it');
    expect(parseStructured(body)).toMatchObject({ kind: 'task-failed', problems: [] });
    expect(values(body)).toEqual({ RequestID: 'req-9', Reason: 'GPU out of memory\nafter 1,200 frames', PartialOutput: 'shared/r/', Suggestion: 'split it' });
    const hand = '### ❌ [TASK FAILED] @ARIA\n\n**Request ID:** req-9\n**Reason:** no licence\n- partial_output: none\n- Suggestions: ask bob';
    expect(values(hand)).toEqual({ RequestID: 'req-9', Reason: 'no licence', PartialOutput: 'none', Suggestion: 'ask bob' });
    expect(parseStructured('Task failure: @aria\n\nReason: disk')?.kind).toBe('task-failed');
    expect(parseStructured('Task failed successfully, said nobody')).toBeUndefined();
    expect(parseStructured('**Task Failed**\n\n- Reason: x')?.problems.map((p) => p.code)).toEqual(['missing-request-id']);
    expect(() => formatTaskFailed({ requestId: 'r', reason: '  ' })).toThrow(/reason/);
  });

  it('marks its request failed on the board with the reason and the suggestion; a later success wins', () => {
    const failed = { body: formatTaskFailed({ requestId: 'REQ-9', to: 'aria', reason: 'no GPU', partialOutput: 'shared/p/', suggestion: 'ask bob' }), at: '2026-11-23T10:00:00Z', time: '10:00', day: '2026-11-23', author: 'hkh', name: 'HKH' };
    const [task] = buildBoard([request, failed], Date.parse('2026-11-23T12:00:00Z'), members);
    expect(task).toMatchObject({ state: 'failed', reason: 'no GPU', suggestion: 'ask bob', output: 'shared/p/', completedAt: '2026-11-23T10:00:00.000Z', duration: 3_600_000 });
    const retried = { body: formatTaskComplete({ requestId: 'req-9', status: 'success' }), at: '2026-11-23T11:00:00Z', time: '11:00', day: '2026-11-23', author: 'bob', name: 'BOB' };
    expect(buildBoard([request, failed, retried], Date.parse('2026-11-23T12:00:00Z'), members)[0]).toMatchObject({ state: 'done', reason: null, suggestion: null });
  });
});

