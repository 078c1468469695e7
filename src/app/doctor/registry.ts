import type { Identity } from '../../core/identity.js';
import type { LintResult } from '../../core/registry/lint/index.js';
import type { Agent } from '../../core/registry/types.js';
import { fail, ok, type CheckResult } from './types.js';

/** Pure: AGENTS.md exists and has no lint errors (warnings are reported, not failed). */
export function judgeRegistry(text: string | undefined, lint: LintResult | undefined, agents: number): CheckResult {
  const title = 'registry (AGENTS.md) valid';
  if (text === undefined || lint === undefined) {
    return fail('registry', title, 'AGENTS.md is missing in this clone', 'Pull the team repository again (`ois sync`), or create it with `ois init`.');
  }
  if (lint.errorCount > 0) {
    const first = lint.diagnostics.find((d) => d.severity === 'error');
    const where = first ? `; first: AGENTS.md:${first.position.start.line}:${first.position.start.column}: ${first.message} (${first.ruleId})` : '';
    return fail('registry', title, `${lint.errorCount} lint error${lint.errorCount === 1 ? '' : 's'}${where}`, 'Run `ois lint AGENTS.md` and fix what it lists (agents with invalid sections are not woken).');
  }
  const warnings = lint.warningCount > 0 ? `, ${lint.warningCount} warning${lint.warningCount === 1 ? '' : 's'} (\`ois lint\`)` : '';
  return ok('registry', title, `${agents} agent${agents === 1 ? '' : 's'}, no lint errors${warnings}`);
}

/** Pure: this clone's agent has a (valid) section in AGENTS.md, so that peers can wake it. */
export function judgeRegistered(identity: Identity | undefined, agents: readonly Agent[]): CheckResult | undefined {
  if (!identity) return undefined;
  const title = 'this agent in AGENTS.md';
  const self = agents.find((agent) => agent.id.toLowerCase() === identity.id.toLowerCase());
  if (self) return ok('registered', title, `${self.id} is listed (Gateway ${self.gateway}, wake ${self.wake})`);
  return fail(
    'registered',
    title,
    `${identity.id} is not listed in AGENTS.md (or its section is invalid): peers cannot wake it`,
    `Merge the onboarding pull request \`ois join\` prepared (branch join/${identity.id}), or add a section for ${identity.id} (docs/agents-format.md).`,
  );
}
