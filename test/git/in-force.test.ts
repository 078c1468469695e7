import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGit, type Git } from '../../src/adapters/git.js';
import { createFiles } from '../../src/adapters/files-port.js';
import { configInForce } from '../../src/app/in-force/config.js';
import { describeProblem } from '../../src/app/in-force/problem.js';
import { registryInForce } from '../../src/app/in-force/registry.js';
import { git as run, testEnv } from '../../harness/git-repos.js';

let dir: string;
let env: Record<string, string>;
let repo: Git;
const files = createFiles();
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ois-in-force-'));
  env = testEnv(dir);
  await run(dir, ['init', '-q', '-b', 'main'], env);
  repo = createGit(dir, { env });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function commit(files: Record<string, string | null>, as = 'Test'): Promise<string> {
  for (const [path, text] of Object.entries(files)) {
    if (text === null) await rm(join(dir, path), { force: true });
    else await writeFile(join(dir, path), text);
  }
  await run(dir, ['add', '-A'], env);
  await run(dir, ['commit', '-q', '--no-verify', '--allow-empty', '-m', 'x'], { ...env, GIT_AUTHOR_NAME: as, GIT_AUTHOR_EMAIL: `${as.toLowerCase()}@x` });
  return (await run(dir, ['rev-parse', 'HEAD'], env)).trim();
}

const agent = (id: string, port: number, extra = '') => `## ${id.toUpperCase()}\n\n- Id: ${id}\n- Gateway: http://127.0.0.1:${port}\n${extra}`;

describe('the registry in force', () => {
  it("is HEAD's AGENTS.md when it passes lint, else the newest earlier version that does, naming the culprit", async () => {
    const good = await commit({ 'AGENTS.md': `${agent('a', 1)}\n${agent('b', 2)}` });
    expect((await registryInForce(repo)).agents.map((x) => x.id)).toEqual(['a', 'b']);
    await commit({ 'AGENTS.md': `${agent('a', 1)}\n${agent('b', 2)}\n${agent('c', 3, '- Token: env:OIS_TOKEN_B\n')}` }, 'Eve');
    const bad2 = await commit({ 'AGENTS.md': `${agent('a', 1)}\n${agent('b', 9)}\n${agent('c', 3, '- Token: env:OIS_TOKEN_A\n')}` }, 'Eve');
    const inForce = await registryInForce(repo);
    expect(inForce.agents.map((x) => `${x.id}:${x.gateway}`)).toEqual(['a:http://127.0.0.1:1', 'b:http://127.0.0.1:2']);
    expect(inForce.problem).toMatchObject({ file: 'AGENTS.md', line: 15, commit: bad2, author: 'Eve <eve@x>', inForce: good });
    expect(describeProblem(inForce.problem!)).toMatch(/^AGENTS\.md:15:\d+: Token: .*\(token-reference\), in commit [0-9a-f]{8} by Eve <eve@x>; the version of commit [0-9a-f]{8} stays in force$/);
    // Later commits that do not touch AGENTS.md change nothing.
    await commit({ 'x.txt': 'x' });
    expect((await registryInForce(repo)).problem?.commit).toBe(bad2);
  });

  it('falls back when AGENTS.md is deleted, and uses only valid sections when no version ever passed', async () => {
    const good = await commit({ 'AGENTS.md': agent('a', 1) });
    const gone = await commit({ 'AGENTS.md': null }, 'Eve');
    expect(await registryInForce(repo)).toMatchObject({ agents: [{ id: 'a' }], problem: { commit: gone, inForce: good, message: expect.stringMatching(/deleted/) } });
    await run(dir, ['checkout', '-q', '--orphan', 'fresh'], env);
    await commit({ 'AGENTS.md': `${agent('a', 1)}\n## Broken\n\n- Gateway: ftp://x\n` });
    const only = await registryInForce(repo);
    expect(only.agents.map((x) => x.id)).toEqual(['a']);
    expect(only.problem).toMatchObject({ fallback: 'valid-sections' });
  });

  it('refuses a registry over the size limit without reading it', async () => {
    await commit({ 'AGENTS.md': agent('a', 1) });
    const big = await commit({ 'AGENTS.md': `${agent('a', 1)}\n${'x'.repeat(300 * 1024)}\n` });
    expect(await registryInForce(repo)).toMatchObject({ agents: [{ id: 'a' }], problem: { commit: big, message: expect.stringMatching(/over the 256 KiB limit; it was not read \(file-size\)/) } });
  });

  it('an empty repository has none, and no problem', async () => {
    expect(await registryInForce(repo)).toEqual({ agents: [] });
  });
});

describe('the config in force', () => {
  it('a committed config that fails falls back to the last valid one; an uncommitted edit to HEAD; none valid: the defaults', async () => {
    expect(await configInForce(repo, files, dir)).toMatchObject({ config: { branch: 'main' } }); // no file: defaults, no problem
    const valid = await commit({ 'ois.config.json': '{ "team": "acme", "sync": { "pollIntervalMs": 5000 } }\n' });
    const bad = await commit({ 'ois.config.json': '{ "team": "acme",\n  "sync": { "pollIntervalMs": "fast" } }\n' }, 'Eve');
    const pulled = await configInForce(repo, files, dir);
    expect(pulled.config.sync.pollIntervalMs).toBe(5000);
    expect(pulled.problem).toMatchObject({ file: 'ois.config.json', line: 2, commit: bad, author: 'Eve <eve@x>', inForce: valid });
    await commit({ 'ois.config.json': '{ "team": "acme", "sync": { "pollIntervalMs": 7000 } }\n' });
    await writeFile(join(dir, 'ois.config.json'), '{ "team": "a\\u2028SYSTEM" }');
    const edited = await configInForce(repo, files, dir);
    expect(edited.config.sync.pollIntervalMs).toBe(7000);
    expect(edited.problem).toMatchObject({ message: expect.stringMatching(/^team: the team name is one line/) });
    expect(edited.problem?.commit).toBeUndefined();
    expect(describeProblem(edited.problem!)).toContain('an uncommitted edit in the working tree');
    await run(dir, ['checkout', '-q', '--orphan', 'other'], env);
    await writeFile(join(dir, 'ois.config.json'), 'not json');
    const first = await commit({});
    const none = await configInForce(repo, files, dir);
    expect(none.config.sync.pollIntervalMs).toBe(2000);
    expect(none.problem).toMatchObject({ commit: first, fallback: 'defaults' });
  });

  it('refuses a config over 64 KiB', async () => {
    await commit({ 'ois.config.json': `{ "ignore": [${Array.from({ length: 10_000 }, () => '"x/**"').join(',')}] }` });
    expect((await configInForce(repo, files, dir)).problem?.message).toMatch(/ois\.config\.json is 70015 bytes, over the 65536-byte limit/);
  });
});
