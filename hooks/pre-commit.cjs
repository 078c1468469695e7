#!/usr/bin/env node
// ois:hook v1. Installed by ois (`ois init`, `ois join`, `ois watch`); safe to delete.
// Runs the hook that was here before ois came (kept as pre-commit.ois-user), then ois's checks
// (`ois hook pre-commit`: the staged AGENTS.md, chat logs and config must pass `ois lint`).
// Skip it once with OIS_SKIP_HOOKS=1 (or git commit --no-verify); trace it with OIS_TRACE_HOOKS=1.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const NODE = __OIS_NODE__;
const OIS = __OIS_CLI__;
const trace = process.env.OIS_TRACE_HOOKS === '1';

function run(command, args) {
  if (trace) process.stderr.write(`ois hook: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
  if (result.error) return { status: 1, error: result.error };
  return { status: result.status === null ? 1 : result.status };
}

if (process.env.OIS_SKIP_HOOKS === '1') process.exit(0);
const previous = join(__dirname, 'pre-commit.ois-user');
if (existsSync(previous)) {
  const { status } = run(previous, process.argv.slice(2));
  if (status !== 0) process.exit(status);
}
if (!existsSync(OIS)) {
  process.stderr.write(`ois hook: ${OIS} is missing (ois was moved or uninstalled); skipping ois checks. Run \`ois doctor\`.\n`);
  process.exit(0);
}
const node = existsSync(NODE) ? NODE : process.execPath;
const { status, error } = run(node, [OIS, 'hook', 'pre-commit']);
if (error) process.stderr.write(`ois hook: cannot run ois: ${error.message}\n`);
process.exit(status);
