import type { CycleDeps } from '../../app/sync/cycle.js';

/**
 * The cycle's dependencies with the lint gate plugged in (see src/app/sync/gate.ts). The linter (remark
 * and friends) is loaded on the first commit, not at start-up: `ois say` with a watcher running never needs it.
 */
export function cycleDepsWithGate(deps: CycleDeps): CycleDeps {
  return { ...deps, gate: async (path, text) => (await import('../../app/sync/gate.js')).lintGate(path, text) };
}
