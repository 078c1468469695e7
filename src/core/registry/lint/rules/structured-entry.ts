import { looksLikeMetadata } from '../../../chatlog/metadata.js';
import { parseChatLog } from '../../../chatlog/parse.js';
import type { ChatEntry } from '../../../chatlog/types.js';
import { parseStructured } from '../../../tasks/parse.js';
import type { StructuredMessage } from '../../../tasks/types.js';
import type { Rule } from '../types.js';

const DAY = '# 2026-11-23 Chat Log\n\n';
const REQUEST = '## 09:00 - ARIA\n\n**Task Request** [PENDING] @hkh\n\n- RequestID: req-20261123-001\n- Priority: high\n- Description: Render batch-001\n\n---\n';

/** Task Request, Task Complete, Task Failed, Status Update and Alert entries use the spec's words (see docs/tasks.md). */
export const structuredEntry: Rule = {
  id: 'structured-entry',
  severity: 'warning',
  appliesTo: ['chat'],
  rationale:
    'Task requests, answers, status updates and alerts written in the message-format shape are tracked: `ois tasks` ' +
    'builds the task board from them and the watcher reminds assignees of overdue work. A priority, status or level ' +
    'outside the spec\'s words, an unreadable deadline, or a Task Complete or Task Failed whose RequestID matches no request is ' +
    'not tracked as meant. These are warnings, never errors: the entry is still a valid chat message, and the ' +
    'request an answer names may be in an earlier day\'s file (only the same file is searched).',
  examples: {
    valid: [
      `${DAY}${REQUEST}\n## 11:00 - HKH\n\n**Task Complete** @aria\n\n- RequestID: req-20261123-001\n- Status: success\n\n---\n`,
      `${DAY}${REQUEST}\n## 11:00 - HKH\n\n**Task Failed** @aria\n\n- RequestID: req-20261123-001\n- Reason: the GPU is out of memory\n- Partial output: shared/results/batch-001/ (1,200 of 4,000 frames)\n- Suggestion: split the batch in four\n\n---\n`,
    ],
    invalid: [
      { text: `${DAY}## 09:00 - ARIA\n\n**Task Request** @hkh\n\n- RequestID: r1\n- Priority: asap\n\n---\n`, output: ['8:13: unknown priority "asap" (expected low, medium, high, urgent) (unknown-priority)'] },
      { text: `${DAY}## 11:00 - HKH\n\n**Task Complete** @aria\n\n- RequestID: req-20261123-001\n- Status: success\n\n---\n`, output: ['7:14: Task Complete for "req-20261123-001" matches no Task Request in this file (fine if it is in an earlier day\'s file)'] },
      { text: `${DAY}## 12:00 - HKH\n\n**Alert** @all\n\n- Level: panic\n- Message: disk full\n\n---\n`, output: ['7:10: unknown alert level "panic" (expected info, warning, error, critical) (unknown-level)'] },
      { text: `${DAY}## 12:30 - HKH\n\n**Task Failed** @aria\n\n- Reason: the GPU is gone\n\n---\n`, output: ['5:1: a Task Failed names the RequestID it answers (missing-request-id)'] },
    ],
  },
  check(ctx) {
    const found: Array<{ entry: ChatEntry; message: StructuredMessage }> = [];
    for (const entry of parseChatLog(ctx.text).entries) {
      const message = parseStructured(entry.body);
      if (message) found.push({ entry, message });
    }
    const requested = new Set(
      found.filter((f) => f.message.kind === 'task-request').map((f) => f.message.fields.RequestID?.value.toLowerCase()),
    );
    for (const { entry, message } of found) {
      const line = bodyLine(entry);
      for (const problem of message.problems) {
        ctx.report(`${problem.message} (${problem.code})`, { line: line + problem.line - 1, column: problem.column });
      }
      const answered = message.kind === 'task-complete' || message.kind === 'task-failed' ? message.fields.RequestID : undefined;
      if (answered && !requested.has(answered.value.toLowerCase())) {
        const shape = message.kind === 'task-failed' ? 'Task Failed' : 'Task Complete';
        ctx.report(`${shape} for "${answered.value}" matches no Task Request in this file (fine if it is in an earlier day's file)`, {
          line: line + answered.line - 1,
          column: answered.column,
        });
      }
    }
  },
};

/** The file line of the first body line of an entry (after its heading, metadata comment and blank lines). */
function bodyLine(entry: ChatEntry): number {
  const lines = entry.raw.split(/\r?\n/);
  let index = 1;
  if (looksLikeMetadata(lines[1] ?? '')) index += 1;
  while (index < lines.length && (lines[index] ?? '').trim() === '') index += 1;
  return entry.position.start.line + index;
}
