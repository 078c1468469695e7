#!/usr/bin/env node
import { enableCompileCache } from 'node:module';

// Cache compiled code between runs (Node >= 22.1): ois is started often, by hooks and agents.
enableCompileCache?.();

// `ois log | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
}

// git runs the merge driver for every chat log it merges: skip loading the rest of the CLI.
const argv = process.argv.slice(2);
if (argv[0] === 'merge-driver' && argv.length >= 4 && argv.length <= 5) {
  const { runMergeDriver } = await import('../app/merge-driver.js');
  const [, base = '', ours = '', theirs = '', path] = argv;
  process.exitCode = await runMergeDriver({ base, ours, theirs, ...(path ? { path } : {}) }, (line) => process.stderr.write(`${line}\n`));
  process.exit();
}

const { processIO } = await import('./io.js');
const { runCli } = await import('./program.js');

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
