import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGit, GitCommandError } from '../../src/adapters/git.js';
import { readBlobs } from '../../src/core/git/objects.js';
import { git, testEnv } from '../../harness/git-repos.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function repoWith(files: Record<string, string>): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ois-git-adapter-'));
  dirs.push(dir);
  const env = testEnv(dir);
  await git(dir, ['init', '-q', '-b', 'main'], env);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  await git(dir, ['add', '-A'], env);
  await git(dir, ['commit', '-q', '-m', 'one'], env);
  return { dir, env };
}

describe('the git adapter with standard input', () => {
  it('reads several blobs in one cat-file --batch, missing ones as undefined', async () => {
    const { dir, env } = await repoWith({ 'a.md': 'alpha ✓\n', 'b.md': '' });
    const texts = await createGit(dir, { env }).exec(readBlobs(['HEAD:a.md', 'HEAD:missing.md', 'HEAD:b.md', 'HEAD']));
    expect(texts).toEqual(['alpha ✓\n', undefined, '', undefined]);
  });

  it('rejects with git\'s message (no trace lines) when git fails', async () => {
    const { dir, env } = await repoWith({ 'a.md': 'a\n' });
    const error = await createGit(dir, { env }).runWithInput(['hash-object', '--no-such-option'], '').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect((error as GitCommandError).stderr).toMatch(/unknown option|usage/i);
    expect((error as GitCommandError).stderr).not.toMatch(/trace:/);
  });
});
