import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lintRegistryText } from '../src/core/registry/lint/index.js';
import { stats, time, type Section } from './lib.js';

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'bin.js');

export function bigRegistry(agents: number): string {
  let text = '# Agents\n\nThe team.\n';
  for (let i = 0; i < agents; i += 1) {
    text += `\n## Agent ${i} 🤖 (Worker)\n\n- Id: agent-${i}\n- Gateway: http://10.0.${Math.floor(i / 250)}.${i % 250}:18789\n- Session: agent:main:main\n- Wake: invoke\n- Token: env:OIS_TOKEN_AGENT_${i}\n- Role: batch jobs\n- Status: on demand\n`;
  }
  return text;
}

export async function lintBench(): Promise<Section> {
  const text = bigRegistry(500);
  const inProcess: number[] = [];
  let errors = 0;
  for (let i = 0; i < 20; i += 1) {
    const [ms, result] = await time(async () => lintRegistryText(text));
    inProcess.push(ms);
    errors = result.errorCount;
  }
  const dir = await mkdtemp(join(tmpdir(), 'ois-bench-lint-'));
  const cli: number[] = [];
  try {
    await writeFile(join(dir, 'AGENTS.md'), text);
    for (let i = 0; i < 8; i += 1) cli.push((await time(() => exec(process.execPath, [CLI, 'lint', 'AGENTS.md'], { cwd: dir }).catch((e: unknown) => e)))[0]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const a = stats(inProcess);
  const b = stats(cli);
  return {
    name: 'lint',
    title: '`ois lint` on a 500-agent registry (ms)',
    data: { agents: 500, bytes: Buffer.byteLength(text), errors, inProcess: a, cli: b },
    markdown: [
      `A generated AGENTS.md with 500 agents (${Math.round(Buffer.byteLength(text) / 1024)} KiB), ${errors} errors found. Target ≤ 300 ms.`,
      '',
      '| measured | p50 | p95 | max |',
      '|---|---|---|---|',
      `| lint, in process (what the sync gate and the hook do) | ${a.p50} | ${a.p95} | ${a.max} |`,
      `| \`ois lint AGENTS.md\`, the whole CLI process | ${b.p50} | ${b.p95} | ${b.max} |`,
    ],
  };
}
