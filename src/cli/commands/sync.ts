import type { Command } from 'commander';
import { systemCycleDeps } from '../../app/sync/deps.js';
import { describeCycle } from '../../app/sync/describe.js';
import { syncOnce } from '../../app/sync/once.js';
import type { CliIO } from '../io.js';
import { cycleDepsWithGate } from './gate.js';

export function registerSync(program: Command, io: CliIO): void {
  program
    .command('sync')
    .description('run one sync cycle (commit, fetch, integrate, push) and exit')
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', '\nExit 0 when in sync; 4 remote unreachable (commits kept, pushed next time); 5 conflict needs a human; see `ois --help`.')
    .action(async (options: { json?: boolean }) => {
      const started = Date.now();
      const result = await syncOnce(io.cwd, io.env, cycleDepsWithGate(systemCycleDeps()));
      if (options.json) {
        io.out(JSON.stringify(result.via === 'here' ? { via: 'here', ...summary(result.outcome) } : { via: 'watcher' }, null, 2));
        return;
      }
      if (result.via === 'watcher') io.out('in sync (cycle run by the watcher of this clone)');
      else io.out(describeCycle(result.outcome, Date.now() - started) ?? 'in sync, nothing to do');
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
  };
}
