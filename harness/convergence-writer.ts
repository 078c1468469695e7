import { testPorts } from './ports.js';
import { randomBytes } from 'node:crypto';
import { say } from '../src/app/chat/say.js';
import { systemCycleDeps } from '../src/wiring/cycle-deps.js';

/**
 * One writer of a convergence run in its own process, as on its own machine: `node convergence-writer.js
 * DIR ID ENTRIES IN_FLIGHT` (the environment is the sandbox's). Appends ENTRIES entries with the `say`
 * app function, IN_FLIGHT at a time, and prints one JSON line per entry: `{ id, message, error? }`.
 * Used by the bench (runner `process`, from the compiled bench build).
 */
const [dir = '', writer = '', count = '0', inFlight = '1'] = process.argv.slice(2);
const entries = Number(count);
let next = 0;
const ports = testPorts(process.env);
const lane = async (): Promise<void> => {
  for (let j = next++; j < entries; j = next++) {
    const message = `entry ${j + 1} of ${writer} ✓ 你好`;
    const result = await say(
      { cwd: dir, ports, message, sync: true },
      { now: () => new Date(), randomBytes: (size) => new Uint8Array(randomBytes(size)), cycle: systemCycleDeps() },
    );
    process.stdout.write(`${JSON.stringify({ id: result.id, message, ...(result.syncError ? { error: result.syncError.code } : {}) })}\n`);
  }
};
await Promise.all(Array.from({ length: Math.max(1, Number(inFlight)) }, lane));
