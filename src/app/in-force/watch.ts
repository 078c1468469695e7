import type { Logger } from '../../adapters/log.js';
import type { Repo } from '../clone/repo.js';
import type { CycleOutcome } from '../sync/cycle.js';
import { configInForce } from './config.js';
import { describeMoved } from './moved.js';
import { describeProblem } from './problem.js';
import { readPulledReport } from './report.js';

/** What `ois watch` runs after its cycles: logs, once each, a pulled file that is not in force and a pin the registry contradicts. */
export interface PulledWatch {
  /** Checks now (at start) and after every cycle that brought commits in. Never throws. */
  afterCycle(outcome?: CycleOutcome): Promise<void>;
}

/**
 * The watcher runs on the config in force (valid by construction: in-force/config.ts; it reloads when
 * that changes, see sync/watcher.ts). What the remote brings in is checked here, so that the log names
 * a bad pushed AGENTS.md or ois.config.json (file, line, commit, author) and a pin held against the
 * registry (commit, author), as status and doctor do.
 *
 * @example const pulled = createPulledWatch(repo, log, io.env); await pulled.afterCycle();
 */
export function createPulledWatch(repo: Repo, log: Logger, env: Readonly<Record<string, string | undefined>>): PulledWatch {
  const seen = new Set<string>();
  const once = (key: string, event: string, message: string, fields: Record<string, unknown>): void => {
    if (seen.has(key)) return;
    seen.add(key);
    log.log({ level: 'warn', event, message, fields });
  };
  return {
    async afterCycle(outcome) {
      if (outcome !== undefined && outcome.exchange.pulled === 0) return;
      try {
        const { problem: configProblem } = await configInForce(repo.git, repo.ports.files, repo.top, repo.stateDir);
        const report = await readPulledReport({ git: repo.git, ports: repo.ports, ...(configProblem ? { configProblem } : {}) }, env);
        for (const p of report.problems) once(`${p.file}:${p.commit ?? 'work'}:${p.line}:${p.message}`, 'not-in-force', `${p.file} not in force: ${describeProblem(p)}`, { file: p.file, commit: p.commit, inForce: p.inForce });
        for (const m of report.moved) once(`moved:${m.peer}:${m.url}`, 'pin-held', describeMoved(m), { peer: m.peer, commit: m.commit });
        if (report.trustError) once(`trust:${report.trustError.message}`, 'trust-file', `${report.trustError.message}${report.trustError.hint ? ` (${report.trustError.hint})` : ''}`, {});
      } catch (error) {
        log.log({ level: 'debug', event: 'not-in-force', message: `could not check the pulled files: ${(error as Error).message}` });
      }
    },
  };
}
