import { frame, quoteLines } from '../wake/frame.js';
import type { Task } from './board.js';

/** Who a reminder is for: the assignee (the task is past its deadline) or the requester (past it by the margin). */
export type ReminderRole = 'assignee' | 'requester';

export interface Reminder {
  /** Stable key for the record of reminders sent: `<requestId>:<role>` (lower-case id). */
  key: string;
  role: ReminderRole;
  /** The agent to remind (lower-case id). */
  agent: string;
  task: Task;
}

export interface ReminderPolicy {
  /** How long past the deadline the requester is reminded too (ms). */
  requesterMarginMs: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { requesterMarginMs: 60 * 60_000 };

/**
 * The overdue reminders due now for the agents in `agents` (a watcher reminds only its own agent, so
 * no two clones send the same reminder): the assignee once when an unanswered task is past its
 * deadline, the requester once when it is overdue by `requesterMarginMs`. `sent` holds the keys of
 * reminders already sent, so the same call after sending returns nothing (idempotent).
 *
 * @example dueReminders(board, ['hkh'], now, new Set(), DEFAULT_REMINDER_POLICY) // [{ key: 'req-1:assignee', role: 'assignee', agent: 'hkh', task }]
 */
export function dueReminders(
  tasks: readonly Task[],
  agents: readonly string[],
  now: number,
  sent: ReadonlySet<string>,
  policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
): Reminder[] {
  const mine = new Set(agents.map((a) => a.toLowerCase()));
  const due: Reminder[] = [];
  for (const task of tasks) {
    if (task.requestId === null || task.deadline === null || task.completedAt !== null) continue;
    if (task.state !== 'open' && task.state !== 'overdue') continue;
    const late = now - Date.parse(task.deadline);
    const id = task.requestId.toLowerCase();
    const add = (role: ReminderRole, agent: string | null): void => {
      const key = `${id}:${role}`;
      if (agent !== null && mine.has(agent) && !sent.has(key) && !due.some((r) => r.key === key)) due.push({ key, role, agent, task });
    };
    if (late > 0) add('assignee', task.to);
    if (late > policy.requesterMarginMs) add('requester', task.from);
  }
  return due;
}

/**
 * The text of a reminder (what the agent's Gateway receives).
 *
 * @example formatReminder(reminder) // 'Reminder: task req-1 (render) from aria is past its deadline 2026-11-23T18:00:00.000Z …'
 */
export function formatReminder(reminder: Reminder): string {
  const t = reminder.task;
  const what = `task ${t.requestId}${t.type ? ` (${t.type})` : ''}`;
  const line = t.description.split('\n')[0] ?? '';
  return reminder.role === 'assignee'
    ? `Reminder: ${what} from ${t.from ?? 'a teammate'} is past its deadline ${t.deadline}: ${line}\nWhen it is done, run \`ois task done ${t.requestId} --status success|partial|failed [SUMMARY]\`.`
    : `Reminder: ${what} you asked ${t.to ?? 'a teammate'} to do is overdue (deadline ${t.deadline}) and unanswered: ${line}`;
}

/**
 * A reminder as its wake carries it: ois's own sentence, then the reminder (which quotes the task as
 * team members wrote it) inside the delimited block of core/wake/frame.ts.
 *
 * @example reminderMessage(reminder, 'Q7xk2M9pLw') // '[ois] A reminder from ois about a task on your team's board. … <<< ois-team-messages Q7xk2M9pLw >>>\n> Reminder: task req-1 …'
 */
export function reminderMessage(reminder: Reminder, boundary?: string): string {
  const intro = "A reminder from ois about a task on your team's board; the task's words below are quoted from the chat log.";
  return frame({ intro, quoted: quoteLines(formatReminder(reminder)), boundary });
}
