import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { CycleDeps } from './cycle.js';

/** A cycle's clock, sleep and randomness, from the ports (the wiring's systemCycleDeps builds the real ones). */
export function cycleDepsOf(ports: { clock: Clock; random: Random }): CycleDeps {
  return {
    now: () => ports.clock.now(),
    sleep: (ms) => ports.clock.sleep(ms),
    random: () => ports.random.fraction(),
  };
}
