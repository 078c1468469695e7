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

Also part of \`npm test\`, without a size knob: sync over SSH with a rejected key (test/git/ssh-remote.test.ts),
recovery from stale locks, interrupted rebases and detached HEADs (test/git/recovery.test.ts), and the
chat merge's property tests (test/unit/chatlog).
`;
await writeFile(join(root, 'docs', 'reliability.md'), text);
process.stdout.write('wrote docs/reliability.md\n');
