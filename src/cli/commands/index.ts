import type { Command } from 'commander';
import type { CliIO } from '../io.js';

/** Registers one command (or a group) on the program. One file per command beside this one. */
export type RegisterCommand = (program: Command, io: CliIO) => void;

type Loader = () => Promise<RegisterCommand>;

/**
 * Every command, in the order `--help` lists them, each loaded on demand: a run of `ois sync` (or the
 * git hook) loads only what `sync` needs, not the HTTP client, the watcher or the linter's rules.
 */
export const COMMANDS: ReadonlyArray<readonly [name: string, load: Loader]> = [
  ['init', () => import('./init.js').then((m) => m.registerInit)],
  ['join', () => import('./join.js').then((m) => m.registerJoin)],
  ['watch', () => import('./watch.js').then((m) => m.registerWatch)],
  ['sync', () => import('./sync.js').then((m) => m.registerSync)],
  ['status', () => import('./status.js').then((m) => m.registerStatus)],
  ['say', () => import('./say.js').then((m) => (program: Command, io: CliIO) => m.registerSay(program, io))],
  ['log', () => import('./log.js').then((m) => m.registerLog)],
  ['task', () => import('./task.js').then((m) => (program: Command, io: CliIO) => m.registerTask(program, io))],
  ['tasks', () => import('./tasks.js').then((m) => (program: Command, io: CliIO) => m.registerTasks(program, io))],
  ['status-update', () => import('./status-update.js').then((m) => (program: Command, io: CliIO) => m.registerStatusUpdate(program, io))],
  ['alert', () => import('./alert.js').then((m) => (program: Command, io: CliIO) => m.registerAlert(program, io))],
  ['lint', () => import('./lint.js').then((m) => m.registerLint)],
  ['agents', () => import('./agents.js').then((m) => m.registerAgents)],
  ['web', () => import('./web.js').then((m) => m.registerWeb)],
  ['send', () => import('./send.js').then((m) => m.registerSend)],
  ['openclaw', () => import('./openclaw.js').then((m) => m.registerOpenClaw)],
  ['token', () => import('./token.js').then((m) => m.registerToken)],
  ['trust', () => import('./trust.js').then((m) => m.registerTrust)],
  ['doctor', () => import('./doctor.js').then((m) => m.registerDoctor)],
  ['service', () => import('./service.js').then((m) => m.registerService)],
  ['demo', () => import('./demo.js').then((m) => m.registerDemo)],
  ['hook', () => import('./hook.js').then((m) => m.registerHook)],
  ['merge-driver', () => import('./merge-driver.js').then((m) => m.registerMergeDriver)],
];

/** The register functions `argv` needs: the named command's alone, or all of them (help, unknown). */
export async function loadCommands(argv: readonly string[]): Promise<RegisterCommand[]> {
  const first = argv[0];
  const named = COMMANDS.find(([name]) => name === first);
  const wanted = named && !argv.includes('--help') && !argv.includes('-h') ? [named] : COMMANDS;
  return Promise.all(wanted.map(([, load]) => load()));
}
