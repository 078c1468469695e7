import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { checkAgents, type AgentCheck } from '../../app/agents/check.js';
import { EXIT, OisError } from '../../core/errors.js';
import type { Agent } from '../../core/registry/types.js';
import { lintRegistryText } from '../../core/registry/lint/index.js';
import { parseRegistry } from '../../core/registry/parse.js';
import { agentRow, formatAgentTable, formatHumanTable, humanRow } from '../../core/registry/table.js';
import { portsOf } from '../../wiring/ports.js';
import type { CliIO } from '../io.js';
import { teamDir } from './lint-common.js';

/**
 * `ois agents [--check] [--json]`: the registry as a table (token references only, never a token);
 * `--check` probes each peer's Gateway as `ois doctor` does and exits 1 when one fails.
 *
 * @example ois agents --check --json | jq '.agents[] | select(.check.verdict == "fail") | .id'
 */
export function registerAgents(program: Command, io: CliIO): void {
  program
    .command('agents')
    .description('list the members of AGENTS.md: the agents (id, name, role, gateway, wake mode, session, token reference), then the people (Kind: human)')
    .option('--check', "probe each peer's Gateway: reachable, token accepted, wake tool allowed (exit 1 when one fails)")
    .option('--json', 'print JSON ({ version, agents, humans, skipped, errorCount }; with --check, each agent has a check and there is ok)')
    .option('--dir <path>', 'the team repository (default: the git repository containing the current directory)')
    .addHelpText('after', '\nThe probes deliver nothing: session_status for Wake: invoke, /hooks/wake without a text for Wake: hooks.\nA token is only sent to a Gateway URL pinned on this machine (`ois trust ID`).')
    .action(async (options: { json?: boolean; dir?: string; check?: boolean }) => {
      const dir = await teamDir(io, options.dir);
      const text = await readRegistry(join(dir, 'AGENTS.md'));
      const lint = lintRegistryText(text);
      const parsed = lint.diagnostics.some((d) => d.ruleId === 'file-size' || d.ruleId === 'parse-error' || d.ruleId === 'file-encoding')
        ? undefined
        : parseRegistry(text);
      const agents = parsed?.registry.agents ?? [];
      const humans = parsed?.registry.humans ?? [];
      const skipped = (parsed?.sections.length ?? 0) - agents.length - humans.length;
      const checks = options.check ? await checkAgents(agents, dir, portsOf(io)) : undefined;
      const failed = checks?.some((c) => c.verdict === 'fail') ?? false;
      if (failed) io.setExitCode(EXIT.failure);
      if (options.json) {
        const rows = agents.map((agent, i) => ({ ...agentRow(agent), ...(checks ? { check: checks[i] } : {}) }));
        const shape = { version: 1, agents: rows, humans: humans.map(humanRow), skipped, errorCount: lint.errorCount, ...(checks ? { ok: !failed } : {}) };
        io.out(`${JSON.stringify(shape, null, 2)}\n`);
        return;
      }
      if (agents.length === 0) io.out('no agents in AGENTS.md\n');
      else if (!checks) io.out(formatAgentTable(agents));
      else io.out(formatChecked(agents, checks));
      // People take part through `ois web` and are woken by no Gateway: listed apart, never probed.
      if (humans.length > 0) io.out(`\npeople (Kind: human, woken by no Gateway):\n${formatHumanTable(humans)}`);
      if (lint.errorCount > 0) {
        const what = skipped > 0 ? `${skipped} section${skipped === 1 ? '' : 's'} left out; ` : '';
        io.err(`ois: AGENTS.md has ${lint.errorCount} lint error${lint.errorCount === 1 ? '' : 's'} (${what}run \`ois lint\`)`);
      }
    });
}

const MARK = { ok: 'ok', warn: 'WARN', fail: 'FAIL', self: 'self' } as const;

/** The table with a CHECK column, then each problem with its fix. */
function formatChecked(agents: readonly Agent[], checks: readonly AgentCheck[]): string {
  const cells = new Map(checks.map((c) => [c.id, c.verdict === 'self' ? 'self (this clone)' : MARK[c.verdict]]));
  const lines = [formatAgentTable(agents, { title: 'CHECK', cells }).trimEnd(), ''];
  for (const agent of checks) {
    for (const check of agent.checks.filter((c) => c.verdict !== 'ok')) {
      lines.push(`${MARK[check.verdict]}  ${check.title}: ${check.detail}`);
      if (check.fix !== undefined) lines.push(`      fix: ${check.fix}`);
    }
  }
  const count = (verdict: string): number => checks.filter((c) => c.verdict === verdict).length;
  lines.push(`${count('ok')} ok, ${count('warn')} with warnings, ${count('fail')} failed${count('fail') > 0 ? ': needs action' : ''}`);
  return `${lines.join('\n')}\n`;
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
