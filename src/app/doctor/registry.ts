import type { Identity } from '../../core/identity.js';
import type { LintResult } from '../../core/registry/lint/index.js';
import type { Agent, Human } from '../../core/registry/types.js';
import { normalizeGatewayUrl } from '../../core/wake/request.js';
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

/** What the remote says about this agent's onboarding branch (`join/<id>`), when the remote answered. */
export interface JoinFacts {
  /** The remote has `join/<id>`. */
  pending: boolean;
  /** The remote's URL, for the command to run (credentials redacted). */
  remote: string;
}

/**
 * Pure: this clone's agent has a (valid) section in AGENTS.md, with the Gateway URL this clone
 * records (`ois.gateway`), so that peers can wake it. The fix names what exists: the pending join
 * branch to merge, or the `ois join` that prepares it.
 */
export function judgeRegistered(identity: Identity | undefined, agents: readonly Agent[], join?: JoinFacts, humans: readonly Pick<Human, 'id'>[] = []): CheckResult | undefined {
  if (!identity) return undefined;
  const title = 'this agent in AGENTS.md';
  // A person's own clone (`Kind: human`): listed, and woken by no Gateway, so nothing else to check here.
  const person = humans.find((human) => human.id.toLowerCase() === identity.id.toLowerCase());
  if (person) return ok('registered', 'this member in AGENTS.md', `${person.id} is listed as a person (Kind: human): woken by no Gateway, they take part through \`ois web\``);
  const self = agents.find((agent) => agent.id.toLowerCase() === identity.id.toLowerCase());
  const rejoin = `\`ois join ${join?.remote ?? 'URL'} . --id ${identity.id} --name ${JSON.stringify(identity.name)} --gateway ${identity.gateway ?? 'URL'}\``;
  const branch = `join/${identity.id}`;
  const merge = `have a member merge ${branch} (the pull request, or \`git pull --ff-only && git merge --no-edit origin/${branch} && git push\` in their clone)`;
  if (self) {
    const listed = normalizeGatewayUrl(self.gateway) ?? self.gateway;
    const own = identity.gateway === undefined ? undefined : (normalizeGatewayUrl(identity.gateway) ?? identity.gateway);
    if (own === undefined || own === listed) return ok('registered', title, `${self.id} is listed (Gateway ${self.gateway}, wake ${self.wake})`);
    return fail(
      'registered',
      title,
      `AGENTS.md lists ${self.id} at ${self.gateway}, but this clone's Gateway (git config ois.gateway) is ${identity.gateway ?? ''}: peers wake ${self.gateway}`,
      join?.pending
        ? `Your update waits on ${branch}: ${merge}. If AGENTS.md is right instead: \`git config ois.gateway ${self.gateway}\`.`
        : `If ${identity.gateway ?? ''} is right, run ${rejoin} here: it pushes ${branch} with your section updated, for a member to merge. If AGENTS.md is right: \`git config ois.gateway ${self.gateway}\`.`,
    );
  }
  const missing = `${identity.id} is not listed in AGENTS.md (or its section is invalid): peers cannot wake it`;
  if (join?.pending) return fail('registered', title, `${missing}; your onboarding branch ${branch} waits on the remote`, `${merge[0]?.toUpperCase() ?? ''}${merge.slice(1)}.`);
  return fail('registered', title, missing, `Run ${rejoin} here: it pushes ${branch} with your section, for a member to merge (docs/how-to-join.md).`);
}
