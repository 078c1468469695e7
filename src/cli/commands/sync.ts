import { portsOf } from '../../wiring/ports.js';
import type { Command } from 'commander';
import { systemCycleDeps } from '../../wiring/cycle-deps.js';
import { describeCycle } from '../../app/sync/describe.js';
import { syncOnce } from '../../app/sync/once.js';
import { wakeAfterSync } from './wake-after.js';
import type { CliIO } from '../io.js';
import { cycleDepsWithGate } from './gate.js';
import { logFormat } from './options.js';
import { describeNotice } from '../../core/sync/notices.js';

export function registerSync(program: Command, io: CliIO): void {
  program
    .command('sync')
    .description('run one sync cycle (commit, fetch, integrate, push) and exit')
    .option('--json', 'print the outcome as JSON')
    .option('--log-format <format>', 'wake events as text (default) or json (JSON lines)')
    .option('--verbose', 'also log debug events')
    .addHelpText('after', '\nExit 0 when in sync; 4 remote unreachable (commits kept, pushed next time); 5 conflict needs a human; see `ois --help`.')
    .action(async (options: { json?: boolean; logFormat?: string; verbose?: boolean }) => {
      const format = logFormat(options.logFormat, io.isTTY);
      const started = Date.now();
      const result = await syncOnce(io.cwd, portsOf(io), cycleDepsWithGate(systemCycleDeps()));
      if (!options.json) {
        if (result.via === 'watcher') io.out('in sync (cycle run by the watcher of this clone)');
        else io.out(describeCycle(result.outcome, Date.now() - started) ?? 'in sync, nothing to do');
        if (result.via === 'here') for (const notice of result.outcome.notices) io.err(`ois: ${describeNotice(notice)}`);
      }
      // The watcher wakes for its own cycles; here, wake for what this cycle pushed (bounded wait).
      const wakes = result.via === 'here' ? await wakeAfterSync(io, result.outcome, options.json === true, format, options.verbose === true) : [];
      if (options.json) {
        const wakeList = wakes.map((w) => ({ peer: w.peer, outcome: w.outcome, message: w.message }));
        io.out(JSON.stringify(result.via === 'here' ? { via: 'here', ...summary(result.outcome), wakes: wakeList } : { via: 'watcher' }, null, 2));
      }
    });
}


function summary(outcome: import('../../app/sync/cycle.js').CycleOutcome): Record<string, unknown> {
  return {
    recovered: outcome.recovered,
    commit: outcome.commit.sha ?? null,
    subject: outcome.commit.subject ?? null,
    files: outcome.commit.files,
    excluded: outcome.commit.excluded,
    relation: outcome.exchange.relation,
    pulled: outcome.exchange.pulled,
    pushed: outcome.exchange.pushed ?? null,
    queued: outcome.exchange.queued ?? [],
    notices: outcome.notices,
  };
}
