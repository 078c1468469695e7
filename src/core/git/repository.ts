/** Where a repository is: its work tree's top folder and its git folder, as git finds them from a folder. */
import type { GitOperation } from './operation.js';

/**
 * The top of the work tree and the absolute git folder containing the current folder. git fails (exit 128)
 * outside any repository, in a bare one and inside a `.git` folder; `top` empty is no work tree.
 */
export const locateRepository = (): GitOperation<{ top: string; gitDir: string }> => ({
  name: 'rev-parse',
  args: ['rev-parse', '--show-toplevel', '--absolute-git-dir'],
  parse: (out) => {
    const [top = '', gitDir = ''] = out.toString('utf8').trim().split('\n');
    return { top, gitDir };
  },
});
