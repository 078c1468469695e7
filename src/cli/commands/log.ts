import type { Command } from 'commander';
import { findUp, listOwnDirectory, readOwnTextFile } from '../../adapters/fs.js';
import { readLog, type LogInput } from '../../app/log/read.js';
import type { LogItem } from '../../core/chatlog/query.js';
import type { CliIO } from '../io.js';
import { forTerminal, oneLine } from '../../core/safe-text.js';

interface LogOptions {
  since?: string;
  until?: string;
  agent?: string;
  mentions?: string;
  json?: boolean;
  dir?: string;
}

/**
 * `ois log`: the chat history, oldest first. `--json` prints an array of
 * `{ file, id, at, time, name, author, body, mentions }` (see docs/chat-format.md).
 */
export function registerLog(program: Command, io: CliIO): void {
  program
    .command('log')
    .description('show the chat history (chat/YYYY-MM-DD.md), oldest first')
    .option('--since <when>', 'only entries at or after this ISO date or date-time (UTC unless a zone is given)')
    .option('--until <when>', 'only entries at or before this ISO date (the whole day) or date-time')
    .option('--agent <id>', 'only entries written by this agent (id or name, case-insensitive)')
    .option('--mentions <id>', 'only entries that mention this agent (or @all)')
    .option('--dir <path>', 'read the day files in this directory instead of chat/ of the repository')
    .option('--json', 'print a JSON array')
    .action(async (options: LogOptions) => {
      const input: LogInput = { cwd: io.cwd };
      for (const key of ['since', 'until', 'agent', 'mentions', 'dir'] as const) {
        const value = options[key];
        if (value !== undefined) input[key] = value;
      }
      const { items, problems } = await readLog({ findUp, listDirectory: listOwnDirectory, readTextFile: readOwnTextFile }, input);
      for (const { file, problem } of problems) {
        io.err(`${file}:${problem.position.start.line}:${problem.position.start.column}: warning: ${problem.message} (${problem.code})`);
      }
      if (options.json) {
        io.out(`${JSON.stringify(items, null, 2)}\n`);
        return;
      }
      const colour = io.isTTY && !io.env.NO_COLOR;
      io.out(items.length === 0 ? 'No chat entries.\n' : items.map((item) => renderItem(item, colour)).join('\n'));
    });
}

const paint = (on: boolean, code: string, text: string): string => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/** One entry for a terminal: a header line (date, time, name, author id) and the body indented. */
export function renderItem(raw: LogItem, colour: boolean): string {
  // Everything here was written by team members: cleaned before ois adds its own colours.
  const item = { ...raw, name: oneLine(raw.name), time: oneLine(raw.time), body: forTerminal(raw.body), ...(raw.author ? { author: oneLine(raw.author) } : {}) };
  const day = item.at?.slice(0, 10) ?? /(\d{4}-\d{2}-\d{2})\.md$/.exec(item.file)?.[1] ?? '';
  const author = item.author && item.author !== item.name.toLowerCase() ? paint(colour, '2', ` (${item.author})`) : '';
  const header = `${paint(colour, '2', day)} ${paint(colour, '36', item.time)}  ${paint(colour, '1', item.name)}${author}`;
  const body = item.body.split('\n').map((line) => (line ? `  ${line}` : ''));
  return `${header}\n${body.join('\n')}\n`;
}
