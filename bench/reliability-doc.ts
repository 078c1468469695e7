import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes docs/reliability.md from bench/results/reliability.json (filled by `npm run reliability`). */
const root = join(import.meta.dirname, '..', '..');
const data = JSON.parse(await readFile(join(root, 'bench', 'results', 'reliability.json'), 'utf8')) as Record<string, Record<string, unknown>>;
const row = (name: string, what: string): string => {
  const f = data[name];
  if (!f) return `| ${what} | not run | | |`;
  const figures = Object.entries(f).filter(([k]) => k !== 'at' && k !== 'node').map(([k, v]) => `${k} ${String(v)}`).join(', ');
  return `| ${what} | ${figures} | ${String(f.at).slice(0, 16).replace('T', ' ')} | ${String(f.node)} |`;
};
const text = `# Reliability

The promises of DESIGN.md section 8, tested under faults. \`npm test\` runs every suite below at a small
size (so CI stays well under 20 minutes); \`npm run reliability\` runs them at full size and rewrites this
page from \`bench/results/reliability.json\`.

| suite | figures (full-size run) | when (UTC) | Node |
|---|---|---|---|
${row('kill9', '`kill -9` of `ois watch` at random moments while two agents write (test/reliability/kill9.test.ts)')}
${row('remote-down', 'remote (git daemon) stopped, entries written, remote back (test/reliability/remote-down.test.ts)')}
${row('gateway-faults', "peers' Gateways that refuse, hang, return garbage or 429 during a sync (test/reliability/gateway-faults.test.ts)")}
${row('fuzz', 'fuzzed AGENTS.md, chat logs and config through lint and the sync gate (test/reliability/fuzz.test.ts)')}
${row('agent-mistakes', 'agent mistakes, three clones with `ois watch` and kills at random: whole-file rewrites, stale read-modify-writes racing a pull, two-step writes, a secret in one entry, `git revert`, `--no-verify` commits (test/reliability/agent-mistakes.test.ts)')}

The agent-mistakes suite checks every clone and the remote for each entry written (lost, duplicated,
left without its \`---\`), walks the remote's history to show no commit ever moved or removed a pushed
entry, and counts the entries the clones restored (\`restored\` events in their logs). The cases one by
one, deterministic: test/git/agent-mistakes.test.ts, test/e2e/watch-agent-mistakes.test.ts; a full or
read-only disk and a corrupt object: test/e2e/storage-failures.test.ts (the disk cases need root to
mount a small tmpfs, and say so when skipped).

Also part of \`npm test\`, without a size knob: sync over SSH with a rejected key (test/git/ssh-remote.test.ts),
recovery from stale locks, interrupted rebases and detached HEADs (test/git/recovery.test.ts), and the
chat merge's property tests (test/unit/chatlog).
`;
await writeFile(join(root, 'docs', 'reliability.md'), text);
process.stdout.write('wrote docs/reliability.md\n');
