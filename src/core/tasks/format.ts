import { OisError } from '../errors.js';
import { normaliseWord } from './parse.js';
import {
  AGENT_STATUSES,
  ALERT_LEVELS,
  COMPLETE_STATUSES,
  FIELD_LABELS,
  FIELDS,
  PRIORITIES,
  type AgentStatus,
  type AlertLevel,
  type CompleteStatus,
  type Marker,
  type Priority,
  type StructuredKind,
} from './types.js';

export interface TaskRequestInput {
  requestId: string;
  /** The assignee's id: the header mentions it (`@hkh`), so the assignee is woken. */
  to: string;
  description: string;
  type?: string;
  priority?: Priority;
  /** ISO UTC instant. */
  deadline?: string;
  data?: string;
  /** Who gets the answer (the requester's id): written `@aria`. */
  callback?: string;
}

export interface TaskCompleteInput {
  requestId: string;
  /** The requester's id: the header mentions it, so the requester is woken. */
  to?: string;
  status: CompleteStatus;
  duration?: string;
  output?: string;
  summary?: string;
  errors?: string;
}

export interface TaskFailedInput {
  requestId: string;
  /** The requester's id: the header mentions it, so the requester is woken. */
  to?: string;
  /** Why the task could not be done. */
  reason: string;
  /** What was done anyway, and where it is (a path under shared/). */
  partialOutput?: string;
  /** What the requester could do instead (another agent, smaller batches, a later deadline). */
  suggestion?: string;
}

export interface StatusUpdateInput {
  agent: string;
  status: AgentStatus;
  currentTask?: string;
  auto?: boolean;
}

export interface AlertInput {
  level: AlertLevel;
  message: string;
  source?: string;
  action?: string;
}

const TITLE: Record<StructuredKind, string> = {
  'task-request': 'Task Request',
  'task-complete': 'Task Complete',
  'task-failed': 'Task Failed',
  'status-update': 'Status Update',
  alert: 'Alert',
};

/**
 * The body of a Task Request entry (the one writer of the shape; `formatEntry` wraps it in an entry).
 *
 * @example
 * formatTaskRequest({ requestId: 'req-20261123-k3xq9d2m', to: 'hkh', description: 'Render batch-001', priority: 'high', callback: 'aria' })
 * // '**Task Request** [PENDING] @hkh\n\n- RequestID: req-20261123-k3xq9d2m\n- Priority: high\n- Callback: @aria\n- Description: Render batch-001'
 */
export function formatTaskRequest(input: TaskRequestInput): string {
  if (input.priority !== undefined) checkWord(input.priority, PRIORITIES, 'priority');
  return render('task-request', ['PENDING'], [`@${input.to}`], {
    RequestID: input.requestId,
    Type: input.type,
    Priority: input.priority,
    Deadline: input.deadline,
    Data: input.data,
    Callback: input.callback === undefined ? undefined : `@${input.callback}`,
    Description: input.description,
  });
}

/**
 * The body of a Task Complete entry; its header mentions the requester.
 *
 * @example formatTaskComplete({ requestId: 'req-1', to: 'aria', status: 'success', duration: '2h 15m', summary: 'Done.' })
 * // '**Task Complete** @aria\n\n- RequestID: req-1\n- Status: success\n- Duration: 2h 15m\n- Summary: Done.'
 */
export function formatTaskComplete(input: TaskCompleteInput): string {
  checkWord(input.status, COMPLETE_STATUSES, 'status');
  return render('task-complete', [], input.to === undefined ? [] : [`@${input.to}`], {
    RequestID: input.requestId,
    Status: input.status,
    Duration: input.duration,
    Output: input.output,
    Summary: input.summary,
    Errors: input.errors,
  });
}

/**
 * The body of a Task Failed entry (the spec's answer when a task cannot be done): Reason, Partial
 * output, Suggestion. Its header mentions the requester, who is woken.
 *
 * @example formatTaskFailed({ requestId: 'req-1', to: 'aria', reason: 'GPU out of memory', suggestion: 'Split the batch' })
 * // '**Task Failed** @aria\n\n- RequestID: req-1\n- Reason: GPU out of memory\n- Suggestion: Split the batch'
 */
export function formatTaskFailed(input: TaskFailedInput): string {
  if (input.reason.trim() === '') throw new OisError('USAGE', 'a Task Failed needs its reason', { hint: 'Say why the task could not be done.' });
  return render('task-failed', [], input.to === undefined ? [] : [`@${input.to}`], {
    RequestID: input.requestId,
    Reason: input.reason,
    PartialOutput: input.partialOutput,
    Suggestion: input.suggestion,
  });
}

/** The body of a Status Update entry. @example formatStatusUpdate({ agent: 'hkh', status: 'busy' }) // '**Status Update**\n\n- Agent: hkh\n- Status: busy' */
export function formatStatusUpdate(input: StatusUpdateInput): string {
  checkWord(input.status, AGENT_STATUSES, 'status');
  return render('status-update', input.auto ? ['AUTO'] : [], [], { Agent: input.agent, Status: input.status, CurrentTask: input.currentTask });
}

/**
 * The body of an Alert entry: `error` and `critical` alerts mention `@all` (everyone is woken) and
 * are marked `[ACTION REQUIRED]`.
 *
 * @example formatAlert({ level: 'critical', message: 'Disk full', source: 'hkh' })
 * // '**Alert** [ACTION REQUIRED] @all\n\n- Level: critical\n- Source: hkh\n- Message: Disk full'
 */
export function formatAlert(input: AlertInput): string {
  checkWord(input.level, ALERT_LEVELS, 'level');
  const loud = input.level === 'error' || input.level === 'critical';
  return render('alert', loud ? ['ACTION REQUIRED'] : [], loud ? ['@all'] : [], {
    Level: input.level,
    Source: input.source,
    Message: input.message,
    Action: input.action,
  });
}

function render(kind: StructuredKind, markers: readonly Marker[], mentions: readonly string[], values: Record<string, string | undefined>): string {
  const header = [`**${TITLE[kind]}**`, ...markers.map((m) => `[${m}]`), ...mentions].join(' ');
  const lines = FIELDS[kind]
    .filter((name) => values[name] !== undefined && values[name].trim() !== '')
    .map((name) => `- ${FIELD_LABELS[name] ?? name}: ${indentContinuation((values[name] ?? '').trim())}`);
  return `${header}\n\n${lines.join('\n')}`;
}

/** Continuation lines of a multi-line value are indented, so the parser keeps them in the field. */
function indentContinuation(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line, i) => i === 0 || line.trim() !== '')
    .map((line, i) => (i === 0 ? line.trimEnd() : `  ${line.trim()}`))
    .join('\n');
}

function checkWord(value: string, words: readonly string[], what: string): void {
  if (normaliseWord(value, words) !== value) {
    throw new OisError('USAGE', `unknown ${what} "${value}"`, { hint: `Use one of: ${words.join(', ')}.` });
  }
}
