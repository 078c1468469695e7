#!/usr/bin/env node
import * as nodeModule from 'node:module';

// Checked before anything else is loaded, so an old Node gets a sentence rather than a stack trace.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `ois: Node.js ${process.versions.node} (${process.execPath}) is too old; ois needs Node.js 22.12 or newer (OpenClaw itself needs 24).\n` +
      '  Install Node 24 from the npm registry into your home folder, then run ois again:\n' +
      '    npm config set prefix ~/.local && export PATH="$HOME/.local/bin:$PATH" && npm install -g node@24\n' +
      '  (and add the PATH line to ~/.profile; or use https://nodejs.org or your package manager). See "Node version" in the README.\n',
  );
  process.exit(3);
}

// Cache compiled code between runs: ois is started often, by hooks, agents and git (merge driver).
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

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
  const [{ runMergeDriver }, { createFiles }, { createGit }] = await Promise.all([
    import('../app/sync/merge-driver.js'),
    import('../adapters/files-port.js'),
    import('../adapters/git.js'),
  ]);
  const [, base = '', ours = '', theirs = '', path] = argv;
  const deps = { err: (line: string) => process.stderr.write(`${line}\n`), files: createFiles(), git: createGit(process.cwd()) };
  process.exitCode = await runMergeDriver({ base, ours, theirs, ...(path ? { path } : {}) }, deps);
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
