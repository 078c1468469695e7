#!/usr/bin/env node
import { processIO } from './io.js';
import { runCli } from './program.js';

const controller = new AbortController();
let signals = 0;
const onSignal = (signal: NodeJS.Signals): void => {
  signals += 1;
  // The first signal asks long-running commands to finish their current step; a second one forces.
  if (signals > 1) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  controller.abort(signal);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runCli(process.argv.slice(2), processIO(controller.signal));
process.exitCode = code;
