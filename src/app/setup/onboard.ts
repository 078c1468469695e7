import { join } from 'node:path';
import type { Git } from '../../adapters/git.js';
import { GitCommandError } from '../../adapters/git.js';
import { readIfExists, writeAtomic } from '../../adapters/files.js';
import { OisError } from '../../core/errors.js';
import { identityEnv, type Identity } from '../../core/identity.js';
import { redactUrls } from '../../core/redact.js';
import { compareLink } from '../../core/registry/compare-link.js';
import { lintRegistryText } from '../../core/registry/lint/index.js';
import { parseRegistry } from '../../core/registry/parse.js';

export type Onboarding =
  | { kind: 'pushed'; branch: string; link?: { host: string; url: string } }
  /** Not a member yet, and no --gateway to write a section with. */
  | { kind: 'needs-gateway' };

/** The AGENTS.md section `ois join` writes for a new member. */
export function memberSection(identity: Identity & { gateway: string }): string {
  const variable = `OIS_TOKEN_${identity.id.toUpperCase().replace(/-/g, '_')}`;
  return `\n## ${identity.name}\n\n- Id: ${identity.id}\n- Gateway: ${identity.gateway}\n- Session: agent:main:main\n- Wake: invoke\n- Token: env:${variable}\n`;
}

/**
 * Prepares the onboarding pull request when `identity.id` is not in AGENTS.md: writes this agent's
 * section on a branch `join/<id>`, commits it as the agent, pushes that branch (never the main one),
 * and goes back to the main branch. Returns undefined when the id is already a member.
 */
export async function prepareOnboarding(git: Git, top: string, identity: Identity, remote: string, base: string): Promise<Onboarding | undefined> {
  const path = join(top, 'AGENTS.md');
  const current = (await readIfExists(path)) ?? '# Agents\n';
  if (parseRegistry(current).registry.agents.some((agent) => agent.id === identity.id)) return undefined;
  if (!identity.gateway) return { kind: 'needs-gateway' };
  const next = `${current.replace(/\s*$/, '\n')}${memberSection({ ...identity, gateway: identity.gateway })}`;
  const lint = lintRegistryText(next);
  if (lint.errorCount > 0) {
    const lines = lint.diagnostics.filter((d) => d.severity === 'error').map((d) => `AGENTS.md:${d.position.start.line}:${d.position.start.column}: ${d.message} (${d.ruleId})`);
    throw new OisError('JOIN_FAILED', `your AGENTS.md section would not pass lint:\n  ${lines.join('\n  ')}`, {
      hint: 'Fix the options (or AGENTS.md on the main branch) and run `ois join` again.',
    });
  }
  const branch = `join/${identity.id}`;
  await git.run(['checkout', '-q', '-B', branch]);
  try {
    await writeAtomic(path, next);
    await git.run(['add', '--', 'AGENTS.md']);
    await git.run(['commit', '--no-verify', '-q', '-m', `registry(${identity.id}): join the team as ${identity.name}`], { env: identityEnv(identity) });
  } finally {
    await git.run(['checkout', '-q', '-f', base]).catch(() => git.run(['checkout', '-q', base]));
  }
  const link = compareLink(remote, branch, base);
  try {
    await git.run(['push', '-q', 'origin', `refs/heads/${branch}:refs/heads/${branch}`]);
  } catch (error) {
    const detail = error instanceof GitCommandError ? redactUrls(error.stderr.trim().split('\n').at(-1) ?? '') : String(error);
    throw new OisError('REMOTE_UNREACHABLE', `your section is committed on branch ${branch}, but pushing it failed (${detail})`, {
      hint: `Push it when the remote is reachable: \`git push origin ${branch}\`, then open the pull request.`,
    });
  }
  return { kind: 'pushed', branch, ...(link ? { link } : {}) };
}
