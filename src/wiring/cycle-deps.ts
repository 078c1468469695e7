import { createClock } from '../adapters/clock.js';
import { createRandom } from '../adapters/random.js';
import { cycleDepsOf } from '../app/sync/deps.js';
import type { CycleDeps } from '../app/sync/cycle.js';

/** The real clock, sleep and randomness for a cycle (app/sync/deps.ts builds them from any ports). */
export function systemCycleDeps(): CycleDeps {
  return cycleDepsOf({ clock: createClock(), random: createRandom() });
}
