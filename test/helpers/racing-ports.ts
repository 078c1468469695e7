import type { Ports } from '../../src/ports/index.js';
import { testPorts } from '../../harness/ports.js';

/**
 * Ports whose git runs `race()` before each of the first `times` pushes to a branch (`…:refs/heads/…`):
 * another member's push lands in between, so that push is rejected for real, as under contention.
 */
export function racingPorts(env: Record<string, string>, race: () => Promise<void>, times = 1): Ports {
  const ports = testPorts(env);
  let left = times;
  return {
    ...ports,
    gitFor(dir, options) {
      const git = ports.gitFor(dir, options);
      return {
        ...git,
        async exec(operation, runOptions) {
          if (left > 0 && operation.name === 'push' && operation.args.some((a) => a.includes(':refs/heads/'))) {
            left -= 1;
            await race();
          }
          return git.exec(operation, runOptions);
        },
      };
    },
  };
}
