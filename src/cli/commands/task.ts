import type { Command } from 'commander';
import type { SayDeps } from '../../app/chat/say.js';
import { completeTask, failTask, requestTask } from '../../app/tasks/write.js';
import { portsOf } from '../../wiring/ports.js';
import type { CliIO } from '../io.js';
import { systemSayDeps } from './say.js';
import { reportWrite, wroteWhat } from './task-common.js';

interface RequestOptions {
  to: string;
  type?: string;
  priority?: string;
  deadline?: string;
  data?: string;
  sync: boolean;
  json?: boolean;
}

interface DoneOptions {
  status: string;
  output?: string;
  errors?: string;
  sync: boolean;
  json?: boolean;
}

interface FailedOptions {
  partial?: string;
  suggestion?: string;
  sync: boolean;
  json?: boolean;
}

/**
 * `ois task request --to ID … DESCRIPTION`, `ois task done REQUEST_ID --status S [SUMMARY]` and
 * `ois task failed REQUEST_ID REASON`: delegate work in the message-format spec's shape and answer it
 * (docs/tasks.md).
 */
export function registerTask(program: Command, io: CliIO, deps: () => SayDeps = systemSayDeps): void {
  const task = program.command('task').description('delegate work to a peer and answer delegated work (see docs/tasks.md)');
  task
    .command('request')
    .description('write a Task Request for a peer (it is woken), with a new RequestID')
    .argument('[description...]', 'what to do (Markdown); read from standard input when left out')
    .requiredOption('--to <id>', 'the agent who should do it')
    .option('--type <type>', 'a short kind of work (batch-processing, review, …)')
    .option('--priority <priority>', 'low, medium, high or urgent')
    .option('--deadline <when>', 'an ISO date-time, or a duration from now: 30m, 2h, 1d')
    .option('--data <path>', 'where the input is (a path under shared/, a URL)')
    .option('--no-sync', 'only write the entry; the watcher or the next `ois sync` sends it')
    .option('--json', 'print { requestId, file, id, at, synced, via, committed, error } as JSON')
    .addHelpText('after', '\nExit 0 written; 2 bad priority, deadline or agent; 3 no identity; else the sync error\'s code.')
    .action(async (words: string[], options: RequestOptions) => {
      const description = words.length > 0 ? words.join(' ') : await io.readStdin();
      const result = await requestTask(
        {
          cwd: io.cwd,
          ports: portsOf(io),
          sync: options.sync,
          to: options.to,
          description,
          ...pick(options, ['type', 'priority', 'deadline', 'data'] as const),
        },
        deps(),
      );
      await reportWrite(io, result, options.json, wroteWhat(`task request ${result.requestId}`, result), { requestId: result.requestId });
    });
  task
    .command('done')
    .description('answer a Task Request with a Task Complete (its requester is woken)')
    .argument('<requestId>', 'the RequestID of the request')
    .argument('[summary...]', 'what was done')
    .requiredOption('--status <status>', 'success, partial or failed')
    .option('--output <path>', 'where the result is (a path under shared/)')
    .option('--errors <text>', 'what went wrong')
    .option('--no-sync', 'only write the entry; the watcher or the next `ois sync` sends it')
    .option('--json', 'print { requestId, file, id, at, synced, via, committed, error } as JSON')
    .addHelpText('after', '\nExit 0 written; 1 unknown RequestID; 2 bad status; 3 no identity; else the sync error\'s code.')
    .action(async (requestId: string, words: string[], options: DoneOptions) => {
      const result = await completeTask(
        { cwd: io.cwd, ports: portsOf(io), sync: options.sync, requestId, status: options.status, summary: words.join(' '), ...pick(options, ['output', 'errors'] as const) },
        deps(),
      );
      await reportWrite(io, result, options.json, wroteWhat(`task complete for ${result.requestId}`, result), { requestId: result.requestId });
    });
  task
    .command('failed')
    .description('answer a Task Request that cannot be done with a Task Failed (its requester is woken)')
    .argument('<requestId>', 'the RequestID of the request')
    .argument('[reason...]', 'why it could not be done; read from standard input when left out')
    .option('--partial <what>', 'what was done anyway, and where (a path under shared/)')
    .option('--suggestion <text>', 'what the requester could do instead')
    .option('--no-sync', 'only write the entry; the watcher or the next `ois sync` sends it')
    .option('--json', 'print { requestId, file, id, at, synced, via, committed, error } as JSON')
    .addHelpText('after', '\nExit 0 written; 1 unknown RequestID; 2 empty reason; 3 no identity; else the sync error\'s code.')
    .action(async (requestId: string, words: string[], options: FailedOptions) => {
      const reason = words.length > 0 ? words.join(' ') : await io.readStdin();
      const result = await failTask(
        {
          cwd: io.cwd,
          ports: portsOf(io),
          sync: options.sync,
          requestId,
          reason,
          ...(options.partial === undefined ? {} : { partialOutput: options.partial }),
          ...(options.suggestion === undefined ? {} : { suggestion: options.suggestion }),
        },
        deps(),
      );
      await reportWrite(io, result, options.json, wroteWhat(`task failed for ${result.requestId}`, result), { requestId: result.requestId });
    });
}

function pick<T extends object, K extends keyof T>(options: T, keys: readonly K[]): { [P in K]?: Exclude<T[P], undefined> } {
  const out: { [P in K]?: Exclude<T[P], undefined> } = {};
  for (const key of keys) if (options[key] !== undefined) out[key] = options[key] as Exclude<T[K], undefined>;
  return out;
}
