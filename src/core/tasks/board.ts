import { findMentions } from '../chatlog/mentions.js';
import { entryInstant } from '../chatlog/query.js';
import type { Member } from '../chatlog/types.js';
import { parseInstant, normaliseWord, parseStructured } from './parse.js';
import { COMPLETE_STATUSES, PRIORITIES, type Priority, type StructuredMessage } from './types.js';

/** A chat entry as the board needs it (`ois log --json` items have this shape, plus the day). */
export interface BoardEntry {
  body: string;
  /** Exact ISO time (ois entries); null or absent for hand-written ones. */
  at?: string | null;
  /** `HH:MM` of the heading. */
  time: string;
  /** The day file's date (`2026-11-23`). */
  day: string;
  /** The author's ois id when known. */
  author?: string | null;
  /** The display name in the heading. */
  name: string;
}

export type TaskState = 'open' | 'overdue' | 'done' | 'failed' | 'partial';

/** One delegated task, as `ois tasks --json` prints it. */
export interface Task {
  /** Null for a hand-written request without a RequestID (it cannot be answered by id). */
  requestId: string | null;
  /** Requester and assignee ids (lower-case), or display names when not in AGENTS.md; null when unknown. */
  from: string | null;
  to: string | null;
  type: string | null;
  description: string;
  priority: Priority | null;
  /** ISO instant, or null. */
  deadline: string | null;
  state: TaskState;
  /** ISO instant of the request. */
  requestedAt: string | null;
  completedAt: string | null;
  /** ms from the request to now (open tasks) or to the answer. */
  age: number | null;
  /** ms from the request to the answer; null while open. */
  duration: number | null;
  /** The answer's own Duration, Output, Summary and Errors fields as written (a Task Failed's Partial output is `output`). */
  reportedDuration: string | null;
  output: string | null;
  summary: string | null;
  errors: string | null;
  /** A Task Failed's Reason and Suggestion; null otherwise. */
  reason: string | null;
  suggestion: string | null;
}

/**
 * The task board: every Task Request in the history, with the state its latest answer gives it (a Task
 * Complete: `done` for success, `partial`, `failed`; a Task Failed: `failed`), else `overdue` past its
 * deadline, else `open`.
 * Entries in file order, oldest day first; `members` resolve `@Name` mentions to ids.
 *
 * @example
 * buildBoard([{ body: '**Task Request** @hkh\n\n- RequestID: r1\n- Description: x', at: '2026-11-23T10:00:00Z', time: '10:00', day: '2026-11-23', author: 'aria', name: 'ARIA' }], Date.parse('2026-11-23T11:00:00Z'))
 * // [{ requestId: 'r1', from: 'aria', to: 'hkh', state: 'open', age: 3600000, … }]
 */
export function buildBoard(entries: readonly BoardEntry[], now: number, members: readonly Member[] = []): Task[] {
  const tasks: Task[] = [];
  const byId = new Map<string, Task>();
  for (const entry of entries) {
    const message = parseStructured(entry.body);
    if (!message) continue;
    const when = entryInstant({ at: entry.at ?? undefined, time: entry.time } as { at?: string; time: string }, entry.day);
    if (message.kind === 'task-request') {
      const task = toTask(message, entry, when, members);
      tasks.push(task);
      if (task.requestId !== null && !byId.has(key(task.requestId))) byId.set(key(task.requestId), task);
    } else if (message.kind === 'task-complete' || message.kind === 'task-failed') {
      const id = message.fields.RequestID?.value;
      const task = id === undefined ? undefined : byId.get(key(id));
      if (task) answer(task, message, when);
    }
  }
  for (const task of tasks) {
    const start = task.requestedAt === null ? Number.NaN : Date.parse(task.requestedAt);
    const end = task.completedAt === null ? now : Date.parse(task.completedAt);
    task.age = Number.isNaN(start) ? null : Math.max(0, end - start);
    if (task.completedAt !== null && !Number.isNaN(start)) task.duration = Math.max(0, end - start);
    if (task.state === 'open' && task.deadline !== null && now > Date.parse(task.deadline)) task.state = 'overdue';
  }
  return tasks;
}

function toTask(message: StructuredMessage, entry: BoardEntry, when: number | undefined, members: readonly Member[]): Task {
  const f = message.fields;
  const deadline = f.Deadline ? parseInstant(f.Deadline.value) : Number.NaN;
  return {
    requestId: f.RequestID?.value || null,
    from: entry.author?.toLowerCase() ?? memberByName(entry.name, members) ?? person(f.From?.value, members) ?? entry.name,
    to: person(f.To?.value, members) ?? person(message.header, members),
    type: f.Type?.value || null,
    description: f.Description?.value ?? message.prose,
    priority: f.Priority ? (normaliseWord(f.Priority.value, PRIORITIES) ?? null) : null,
    deadline: Number.isNaN(deadline) ? null : new Date(deadline).toISOString(),
    state: 'open',
    requestedAt: when === undefined ? null : new Date(when).toISOString(),
    completedAt: null,
    age: null,
    duration: null,
    reportedDuration: null,
    output: null,
    summary: null,
    errors: null,
    reason: null,
    suggestion: null,
  };
}

/** A Task Complete or Task Failed: the latest answer sets every answer field (a later one replaces an earlier one). */
function answer(task: Task, message: StructuredMessage, when: number | undefined): void {
  const f = message.fields;
  const failed = message.kind === 'task-failed';
  const status = f.Status ? normaliseWord(f.Status.value, COMPLETE_STATUSES) : undefined;
  task.state = failed ? 'failed' : status === 'success' ? 'done' : (status ?? 'done');
  task.completedAt = when === undefined ? null : new Date(when).toISOString();
  task.reportedDuration = f.Duration?.value ?? null;
  task.output = (failed ? f.PartialOutput?.value : f.Output?.value) ?? null;
  task.summary = f.Summary?.value ?? (failed ? null : message.prose || null);
  task.errors = f.Errors?.value ?? null;
  task.reason = failed ? (f.Reason?.value ?? (message.prose || null)) : null;
  task.suggestion = failed ? (f.Suggestion?.value ?? null) : null;
}

/** The first member a text mentions, else the first `@word`, lower-cased. */
function person(text: string | undefined, members: readonly Member[]): string | null {
  if (text === undefined) return null;
  const found = findMentions(text, members).ids[0];
  if (found !== undefined) return found;
  const raw = /(?:^|[\s(])@([\p{L}\p{N}_.-]+)/u.exec(text)?.[1] ?? (/^[\w.-]+$/.test(text.trim()) ? text.trim() : undefined);
  return raw === undefined || raw.toLowerCase() === 'all' ? null : raw.toLowerCase();
}

function memberByName(name: string, members: readonly Member[]): string | undefined {
  return members.find((m) => m.name.toLowerCase() === name.toLowerCase())?.id;
}

function key(requestId: string): string {
  return requestId.toLowerCase();
}
