import type { Command } from 'commander';
import type { SayDeps } from '../../app/chat/say.js';
import { statusUpdate } from '../../app/tasks/write.js';
import { portsOf } from '../../wiring/ports.js';
import type { CliIO } from '../io.js';
import { systemSayDeps } from './say.js';
import { reportWrite, wroteWhat } from './task-common.js';

/** `ois status-update --status S [--task T]`: this agent's Status Update entry (docs/tasks.md). */
export function registerStatusUpdate(program: Command, io: CliIO, deps: () => SayDeps = systemSayDeps): void {
  program
    .command('status-update')
    .description("write this agent's Status Update (online, busy, offline, maintenance) to the chat")
    .requiredOption('--status <status>', 'online, busy, offline or maintenance')
    .option('--task <task>', 'what this agent is working on (a RequestID or words)')
    .option('--no-sync', 'only write the entry')
    .option('--json', 'print { file, id, at, synced, via, committed, error } as JSON')
    .action(async (options: { status: string; task?: string; sync: boolean; json?: boolean }) => {
      const input = { cwd: io.cwd, ports: portsOf(io), sync: options.sync, status: options.status, ...(options.task === undefined ? {} : { task: options.task }) };
      const result = await statusUpdate(input, deps());
      await reportWrite(io, result, options.json, wroteWhat('status update', result));
    });
}
