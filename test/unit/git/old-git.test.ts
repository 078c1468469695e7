import { describe, expect, it } from 'vitest';
import { mergeTrees } from '../../../src/app/sync/merge-trees.js';
import { OisError } from '../../../src/core/errors.js';
import { GitCommandError } from '../../../src/ports/git.js';
import type { Git } from '../../../src/ports/index.js';

/** A git before 2.38: `merge-tree --write-tree` is an unknown option, answered with the usage and exit 129. */
const gitBefore238 = { exec: async (op: { args: readonly string[] }) => {
  throw new GitCommandError(op.args, "error: unknown option `write-tree'\nusage: git merge-tree <base-tree> <branch1> <branch2>\n", { exitCode: 129 });
} } as unknown as Git;

describe('a git too old for the replay', () => {
  it('says which git is needed, keeps the commits, and exits as a setup problem (3), not as a git failure', async () => {
    const error = await mergeTrees(gitBefore238, 'a', 'b', { dir: '/x', files: {} as never }, () => new Error('no conflict here')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OisError);
    expect(error).toMatchObject({ code: 'GIT_TOO_OLD', exitCode: 3, message: expect.stringContaining('git 2.38 or newer'), hint: expect.stringContaining('ois doctor') });
  });

  it('any other merge-tree failure stays what it was', async () => {
    const broken = { exec: async () => { throw new GitCommandError(['merge-tree'], 'fatal: bad object', { exitCode: 128 }); } } as unknown as Git;
    await expect(mergeTrees(broken, 'a', 'b', { dir: '/x', files: {} as never }, () => new Error('x'))).rejects.toBeInstanceOf(GitCommandError);
  });
});
