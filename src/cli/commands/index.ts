import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { registerLog } from './log.js';
import { registerMergeDriver } from './merge-driver.js';
import { registerSend } from './send.js';
import { registerToken } from './token.js';
import { registerTrust } from './trust.js';
import { registerDemo } from './demo.js';
import { registerHook } from './hook.js';
import { registerInit } from './init.js';
import { registerJoin } from './join.js';
import { registerStatus } from './status.js';
import { registerSync } from './sync.js';
import { registerWatch } from './watch.js';
import { registerLint } from './lint.js';
import { registerAgents } from './agents.js';
import { registerSay } from './say.js';
import { registerDoctor } from './doctor.js';
import { registerService } from './service.js';

/** Registers one command (or a group) on the program. One file per command beside this one. */
export type RegisterCommand = (program: Command, io: CliIO) => void;

export const commands: RegisterCommand[] = [
  registerLog,
  registerMergeDriver,
  registerInit,
  registerJoin,
  registerSync,
  registerWatch,
  registerStatus,
  registerHook,
  registerDemo,
  registerSend,
  registerToken,
  registerTrust,
  registerLint,
  registerAgents,
  registerSay,
  registerDoctor,
  registerService,
];
