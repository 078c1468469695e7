import { setTimeout as delay } from 'node:timers/promises';
import type { CycleDeps } from './cycle.js';

/** The real clock, sleep and randomness for a cycle. */
export function systemCycleDeps(): CycleDeps {
  return {
    now: () => new Date(),
    sleep: (ms) => delay(ms).then(() => undefined),
    random: Math.random,
  };
}
