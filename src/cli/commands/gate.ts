import type { CycleDeps } from '../../app/sync/cycle.js';
import { lintGate } from '../../app/sync/gate.js';

/** The cycle's dependencies with the lint gate plugged in (see src/app/sync/gate.ts). */
export function cycleDepsWithGate(deps: CycleDeps): CycleDeps {
  return { ...deps, gate: lintGate };
}
