import type { CycleOutcome } from './cycle.js';

/**
 * One line for a cycle that did something, or undefined when it did nothing.
 * @example "committed chat(aria): 1 entry in 2026-11-25 (3f2a9c1d), pushed; 84 ms"
 */
export function describeCycle(outcome: CycleOutcome, ms: number): string | undefined {
  const parts: string[] = [];
  if (outcome.recovered.length > 0) parts.push(`healed: ${outcome.recovered.join('; ')}`);
  if (outcome.commit.sha) parts.push(`committed ${outcome.commit.subject ?? ''} (${outcome.commit.sha.slice(0, 8)})`);
  if (outcome.exchange.pulled > 0) {
    parts.push(`pulled ${outcome.exchange.pulled} commit${outcome.exchange.pulled === 1 ? '' : 's'}`);
  }
  for (const queued of outcome.exchange.queued ?? []) parts.push(`queued ${queued.to.slice(0, 8)}`);
  if (outcome.exchange.pushed) parts.push(`pushed ${outcome.exchange.pushed.to.slice(0, 8)}`);
  if (outcome.commit.excluded.length > 0) {
    parts.push(`left out ${outcome.commit.excluded.map((e) => `${e.path} (${e.detail})`).join(', ')}`);
  }
  if (parts.length === 0) return undefined;
  return `${parts.join(', ')}; ${ms} ms`;
}
