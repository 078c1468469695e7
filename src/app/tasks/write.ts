import { newEntryId } from '../../core/chatlog/format.js';
import { OisError } from '../../core/errors.js';
import { formatDuration, resolveDeadline } from '../../core/tasks/duration.js';
import { formatAlert, formatStatusUpdate, formatTaskComplete, formatTaskFailed, formatTaskRequest } from '../../core/tasks/format.js';
import type { Task } from '../../core/tasks/board.js';
import type { Ports } from '../../ports/index.js';
import { AGENT_STATUSES, ALERT_LEVELS, COMPLETE_STATUSES, PRIORITIES } from '../../core/tasks/types.js';
import { openRepo, requireIdentity } from '../clone/repo.js';
import { say, type SayDeps, type SayResult } from '../chat/say.js';
import { readBoard, readMembers } from './board.js';

interface WriteInput {
  cwd: string;
  /** The command's side effects (its environment is `ports.system.env`). */
  ports: Ports;
  sync: boolean;
}

export interface TaskRequestInput extends WriteInput {
  to: string;
  description: string;
  type?: string;
  priority?: string;
  /** ISO date-time or a duration from now (`2h`). */
  deadline?: string;
  data?: string;
}

export interface TaskCompleteInput extends WriteInput {
  requestId: string;
  status: string;
  output?: string;
  summary?: string;
  errors?: string;
}

export interface TaskFailedInput extends WriteInput {
  requestId: string;
  reason: string;
  partialOutput?: string;
  suggestion?: string;
}

export type TaskWriteResult = SayResult & { requestId: string };

/**
 * `ois task request`: writes a Task Request as this agent (through `ois say`'s use-case, so it is
 * appended, committed and synced the same way). The entry mentions the assignee, so the assignee is
 * woken. Throws USAGE for a bad priority or deadline, or an assignee AGENTS.md does not list.
 */
export async function requestTask(input: TaskRequestInput, deps: SayDeps): Promise<TaskWriteResult> {
  const priority = input.priority === undefined ? undefined : word(input.priority, PRIORITIES, 'priority');
  if (input.description.trim() === '') throw new OisError('USAGE', 'the task description is empty', { hint: 'Give it as arguments or on standard input.' });
  const repo = await openRepo(input.cwd, input.ports);
  const me = requireIdentity(repo);
  const to = input.to.replace(/^@/, '').toLowerCase();
  const members = await readMembers(input.ports.files, repo.top);
  if (members.length > 0 && !members.some((m) => m.id.toLowerCase() === to)) {
    throw new OisError('USAGE', `"${input.to}" is not an agent of this team`, { hint: `AGENTS.md lists: ${members.map((m) => m.id).join(', ')}.` });
  }
  const now = deps.now();
  const requestId = `req-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${newEntryId(deps.randomBytes).slice(0, 8)}`;
  const body = formatTaskRequest({
    requestId,
    to,
    description: input.description,
    callback: me.id,
    ...(input.type === undefined ? {} : { type: input.type }),
    ...(priority === undefined ? {} : { priority }),
    ...(input.deadline === undefined ? {} : { deadline: resolveDeadline(input.deadline, now.getTime()) }),
    ...(input.data === undefined ? {} : { data: input.data }),
  });
  return { ...(await say({ cwd: input.cwd, ports: input.ports, message: body, sync: input.sync }, deps)), requestId };
}

/**
 * `ois task done`: answers a request found in the chat history with a Task Complete that mentions
 * the requester (who is woken); Duration is the time since the request. Throws NOT_FOUND for an
 * unknown RequestID, USAGE for a bad status.
 */
export async function completeTask(input: TaskCompleteInput, deps: SayDeps): Promise<TaskWriteResult> {
  const status = word(input.status, COMPLETE_STATUSES, 'status');
  const now = deps.now().getTime();
  const task = await findRequest(input, now);
  const since = task.requestedAt === null ? undefined : now - Date.parse(task.requestedAt);
  const body = formatTaskComplete({
    requestId: task.requestId,
    status,
    ...(task.from === null ? {} : { to: task.from }),
    ...(since === undefined ? {} : { duration: formatDuration(since) }),
    ...(input.output === undefined ? {} : { output: input.output }),
    ...(input.summary === undefined || input.summary.trim() === '' ? {} : { summary: input.summary }),
    ...(input.errors === undefined ? {} : { errors: input.errors }),
  });
  return { ...(await say({ cwd: input.cwd, ports: input.ports, message: body, sync: input.sync }, deps)), requestId: task.requestId };
}

/**
 * `ois task failed`: answers a request found in the chat history with a Task Failed (Reason, Partial
 * output, Suggestion) that mentions the requester, who is woken; the board shows the task `failed`.
 * Throws NOT_FOUND for an unknown RequestID, USAGE for an empty reason.
 */
export async function failTask(input: TaskFailedInput, deps: SayDeps): Promise<TaskWriteResult> {
  if (input.reason.trim() === '') throw new OisError('USAGE', 'the reason is empty', { hint: 'Say why the task could not be done: `ois task failed REQUEST_ID "the reason"`.' });
  const task = await findRequest(input, deps.now().getTime());
  const body = formatTaskFailed({
    requestId: task.requestId,
    reason: input.reason,
    ...(task.from === null ? {} : { to: task.from }),
    ...(input.partialOutput === undefined ? {} : { partialOutput: input.partialOutput }),
    ...(input.suggestion === undefined ? {} : { suggestion: input.suggestion }),
  });
  return { ...(await say({ cwd: input.cwd, ports: input.ports, message: body, sync: input.sync }, deps)), requestId: task.requestId };
}

/** The request `input.requestId` names (case-insensitive) on this clone's board; NOT_FOUND otherwise. */
async function findRequest(input: WriteInput & { requestId: string }, now: number): Promise<Task & { requestId: string }> {
  const { tasks } = await readBoard(input.ports.files, input.cwd, now);
  const task = tasks.find((t) => t.requestId !== null && t.requestId.toLowerCase() === input.requestId.toLowerCase());
  if (!task?.requestId) {
    throw new OisError('NOT_FOUND', `no task request "${input.requestId}" in chat/`, {
      hint: 'Run `ois tasks` to see the open requests (sync first if it was just sent).',
      data: { requestId: input.requestId },
    });
  }
  return { ...task, requestId: task.requestId };
}

/** `ois status-update`: this agent's status (online, busy, offline, maintenance) and current task. */
export async function statusUpdate(input: WriteInput & { status: string; task?: string }, deps: SayDeps): Promise<SayResult> {
  const status = word(input.status, AGENT_STATUSES, 'status');
  const repo = await openRepo(input.cwd, input.ports);
  const me = requireIdentity(repo);
  const body = formatStatusUpdate({ agent: me.id, status, ...(input.task === undefined ? {} : { currentTask: input.task }) });
  return say({ cwd: input.cwd, ports: input.ports, message: body, sync: input.sync }, deps);
}

/** `ois alert`: an `error` or `critical` alert mentions `@all`, so every peer is woken. */
export async function raiseAlert(input: WriteInput & { level: string; message: string; source?: string; action?: string }, deps: SayDeps): Promise<SayResult> {
  const level = word(input.level, ALERT_LEVELS, 'level');
  if (input.message.trim() === '') throw new OisError('USAGE', 'the alert message is empty');
  const repo = await openRepo(input.cwd, input.ports);
  const me = requireIdentity(repo);
  const body = formatAlert({ level, message: input.message, source: input.source ?? me.id, ...(input.action === undefined ? {} : { action: input.action }) });
  return say({ cwd: input.cwd, ports: input.ports, message: body, sync: input.sync }, deps);
}

function word<T extends string>(value: string, words: readonly T[], what: string): T {
  const found = words.find((w) => w === value.trim().toLowerCase());
  if (found === undefined) throw new OisError('USAGE', `unknown ${what} "${value}"`, { hint: `Use one of: ${words.join(', ')}.` });
  return found;
}
