import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../ports/clock.js';

/** The system clock behind the Clock port. */
export function createClock(): Clock {
  return {
    now: () => new Date(),
    sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : {}).then(
      () => undefined,
      () => undefined,
    ),
    after(ms, fn) {
      const timer = setTimeout(fn, ms);
      timer.unref();
      return () => clearTimeout(timer);
    },
  };
}
