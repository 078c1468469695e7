import type { Command } from 'commander';
import { openRepo } from '../../app/clone/repo.js';
import { readBoard } from '../../app/tasks/board.js';
import type { Task } from '../../core/tasks/board.js';
import { formatDuration } from '../../core/tasks/duration.js';
import { portsOf } from '../../wiring/ports.js';
import type { CliIO } from '../io.js';

interface TasksOptions {
  open?: boolean;
  mine?: boolean;
  json?: boolean;
}

/**
 * `ois tasks [--open] [--mine] [--json]`: the task board from the chat history of this clone.
 * `--json` prints an array of tasks (docs/tasks.md lists the keys).
 */
export function registerTasks(program: Command, io: CliIO, now: () => number = Date.now): void {
  program
    .command('tasks')
    .description('the task board: requests found in chat/, open, overdue, done, failed; who asked whom')
    .option('--open', 'only open and overdue tasks')
    .option('--mine', 'only tasks this agent asked for or was asked to do')
    .option('--json', 'print a JSON array')
    .action(async (options: TasksOptions) => {
      let { tasks } = await readBoard(portsOf(io).files, io.cwd, now());
      if (options.open) tasks = tasks.filter((t) => t.state === 'open' || t.state === 'overdue');
      if (options.mine) {
        const me = (await openRepo(io.cwd, portsOf(io))).identity?.id.toLowerCase();
        tasks = tasks.filter((t) => me !== undefined && (t.from === me || t.to === me));
      }
      if (options.json) io.out(`${JSON.stringify(tasks, null, 2)}\n`);
      else io.out(tasks.length === 0 ? 'No tasks.\n' : `${tasks.map(renderTask).join('\n')}\n`);
    });
}

/** One line per task: id, state, who asked whom, priority, age or duration, what. */
export function renderTask(task: Task): string {
  const time = task.duration !== null ? `took ${formatDuration(task.duration)}` : task.age !== null ? `age ${formatDuration(task.age)}` : '';
  const what = `${task.type ? `${task.type}: ` : ''}${task.description.split('\n')[0] ?? ''}`;
  const cut = what.length > 60 ? `${what.slice(0, 59)}…` : what;
  const why = task.reason === null ? '' : `  (reason: ${oneLine(task.reason, 60)})`;
  return [task.requestId ?? '(no id)', task.state.padEnd(7), `${task.from ?? '?'} → ${task.to ?? '?'}`, task.priority ?? '-', time, cut].join('  ') + why;
}

function oneLine(text: string, max: number): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
