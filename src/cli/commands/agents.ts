import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { OisError } from '../../core/errors.js';
import { lintRegistryText } from '../../core/registry/lint/index.js';
import { parseRegistry } from '../../core/registry/parse.js';
import { agentRow, formatAgentTable } from '../../core/registry/table.js';
import type { CliIO } from '../io.js';
import { teamDir } from './lint-common.js';

/** `ois agents [--json]`: the registry as a table (token references only, never a token). */
export function registerAgents(program: Command, io: CliIO): void {
  program
    .command('agents')
    .description('list the agents of AGENTS.md: id, name, role, gateway, wake mode, session, token reference')
    .option('--json', 'print JSON ({ version, agents, skipped, errorCount })')
    .option('--dir <path>', 'the team repository (default: the git repository containing the current directory)')
    .action(async (options: { json?: boolean; dir?: string }) => {
      const dir = await teamDir(io, options.dir);
      const text = await readRegistry(join(dir, 'AGENTS.md'));
      const lint = lintRegistryText(text);
      const parsed = lint.diagnostics.some((d) => d.ruleId === 'file-size' || d.ruleId === 'parse-error' || d.ruleId === 'file-encoding')
        ? undefined
        : parseRegistry(text);
      const agents = parsed?.registry.agents ?? [];
      const skipped = (parsed?.sections.length ?? 0) - agents.length;
      if (options.json) {
        const shape = { version: 1, agents: agents.map(agentRow), skipped, errorCount: lint.errorCount };
        io.out(`${JSON.stringify(shape, null, 2)}\n`);
        return;
      }
      io.out(agents.length === 0 ? 'no agents in AGENTS.md\n' : formatAgentTable(agents));
      if (lint.errorCount > 0) {
        const what = skipped > 0 ? `${skipped} section${skipped === 1 ? '' : 's'} left out; ` : '';
        io.err(`ois: AGENTS.md has ${lint.errorCount} lint error${lint.errorCount === 1 ? '' : 's'} (${what}run \`ois lint\`)`);
      }
    });
}

async function readRegistry(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') {
      throw new OisError('NOT_FOUND', 'AGENTS.md not found in this repository', {
        hint: 'Create a team repository with `ois init`, or pass --dir PATH.',
      });
    }
    throw new OisError('NOT_FOUND', 'AGENTS.md could not be read', { cause: error });
  }
}
