/**
 * The onboarding branch `join/<id>`: built with plumbing, pushed as a fast-forward only (never a force,
 * never a checkout); a push the remote refuses keeps the commit locally and says how to retry.
 */
import type { Git } from '../../adapters/git.js';
import { OisError } from '../../core/errors.js';
import { GitCommandError, gitSaid } from '../../core/git/error.js';
import { readBlobs } from '../../core/git/objects.js';
import { isAncestor, resolveCommit, updateRef } from '../../core/git/refs.js';
import { pushCommit } from '../../core/git/setup.js';
import { identityEnv, type Identity } from '../../core/identity.js';
import { redactUrls } from '../../core/redact.js';
import { classifyRemoteFailure } from '../../core/sync/failures.js';
import { compareLink } from '../../core/registry/compare-link.js';
import { lintRegistryText } from '../../core/registry/lint/index.js';
import { memberSection, replaceField } from '../../core/registry/member-section.js';
import { parseRegistry } from '../../core/registry/parse.js';
import { placeSection } from '../../core/registry/place.js';
import { normalizeGatewayUrl } from '../../core/wake/request.js';
import { REMOTE, trackingRef } from '../clone/repo.js';
import { buildJoinCommit } from './join-commit.js';

export type Onboarding =
  | {
      kind: 'pushed';
      branch: string;
      /** `join`: a new section; `gateway`: this member's section with the new Gateway URL. */
      purpose: 'join' | 'gateway';
      /** What happened to the branch on the remote. */
      change: 'created' | 'updated' | 'unchanged';
      link?: { host: string; url: string };
    }
  /** Not a member yet, and no --gateway to write a section with. */
  | { kind: 'needs-gateway' };

/**
 * Prepares the onboarding pull request when `identity.id` is not in AGENTS.md on the team branch
 * (or is, with another Gateway URL than `identity.gateway`): the team branch's AGENTS.md with this
 * agent's section placed (place.ts), committed as the agent on `join/<id>`, which always grows from
 * the team branch, and pushed. Running it again is idempotent: an unchanged branch is left alone; a
 * branch that needs updating gets a commit on top (merging the team branch in when it moved), so the
 * push is a plain fast-forward: never a force, never a manual delete. The work tree and the checked
 * out branch are not touched. Returns undefined when there is nothing to propose.
 */
export async function prepareOnboarding(git: Git, identity: Identity, remote: string, base: string): Promise<Onboarding | undefined> {
  const [registry = ''] = await git.exec(readBlobs([`${trackingRef(base)}:AGENTS.md`]));
  const proposal = propose(registry, identity);
  if (proposal === undefined || proposal === 'needs-gateway') return proposal === undefined ? undefined : { kind: 'needs-gateway' };
  const lint = lintRegistryText(proposal.text);
  if (lint.errorCount > 0) {
    const lines = lint.diagnostics.filter((d) => d.severity === 'error').map((d) => `AGENTS.md:${d.position.start.line}:${d.position.start.column}: ${d.message} (${d.ruleId})`);
    throw new OisError('JOIN_FAILED', `your AGENTS.md section would not pass lint:\n  ${lines.join('\n  ')}`, {
      hint: `Fix the options (or AGENTS.md on ${base}) and run \`ois join\` again.`,
    });
  }
  const branch = `join/${identity.id}`;
  const [baseTip, remoteTip, localTip] = await Promise.all([trackingRef(base), trackingRef(branch), `refs/heads/${branch}`].map((ref) => git.exec(resolveCommit(ref))));
  if (baseTip === undefined) throw new OisError('JOIN_FAILED', `the remote has no branch ${base}`, { hint: 'Run `ois join` again once the team repository is pushed.' });
  const tips = await newestOf(git, [remoteTip, localTip]);
  const message = proposal.purpose === 'join' ? `registry(${identity.id}): join the team as ${identity.name}` : `registry(${identity.id}): Gateway ${identity.gateway ?? ''}`;
  const commit = await buildJoinCommit(git, { base: baseTip, tips, path: 'AGENTS.md', text: proposal.text, message, env: identityEnv(identity) });
  if (localTip !== commit) await git.exec(updateRef(`refs/heads/${branch}`, commit));
  const change = remoteTip === commit ? 'unchanged' : remoteTip === undefined ? 'created' : 'updated';
  if (change !== 'unchanged') await push(git, commit, branch);
  const link = compareLink(remote, branch, base);
  return { kind: 'pushed', branch, purpose: proposal.purpose, change, ...(link ? { link } : {}) };
}

/** Pure: the registry text to propose for `identity`, or why none. */
function propose(registry: string, identity: Identity): { text: string; purpose: 'join' | 'gateway' } | 'needs-gateway' | undefined {
  const member = parseRegistry(registry).registry.agents.find((agent) => agent.id.toLowerCase() === identity.id.toLowerCase());
  if (!identity.gateway) return member ? undefined : 'needs-gateway';
  if (!member) return { text: placeSection(registry, identity.id, memberSection({ ...identity, gateway: identity.gateway })), purpose: 'join' };
  if (normalizeGatewayUrl(member.gateway) === normalizeGatewayUrl(identity.gateway)) return undefined;
  const field = member.fields.find((f) => f.key.toLowerCase() === 'gateway');
  if (!field) return undefined;
  return { text: replaceField(registry, { ...field, key: 'Gateway' }, identity.gateway), purpose: 'gateway' };
}

/** The commits among `refs` that no other one contains (a local branch behind its remote one drops out). */
async function newestOf(git: Git, refs: ReadonlyArray<string | undefined>): Promise<string[]> {
  const present = [...new Set(refs.filter((ref): ref is string => ref !== undefined))];
  const kept: string[] = [];
  for (const ref of present) {
    const contained = await Promise.all(present.filter((other) => other !== ref).map((other) => git.exec(isAncestor(ref, other))));
    if (!contained.some(Boolean)) kept.push(ref);
  }
  return kept;
}

async function push(git: Git, commit: string, branch: string): Promise<void> {
  try {
    await git.exec(pushCommit(REMOTE, commit, branch));
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    const detail = redactUrls(gitSaid(error).trim().split('\n').at(-1) ?? '');
    const kind = classifyRemoteFailure(error.stderr);
    const retry = `Your section is committed on the local branch ${branch}; run \`ois join\` again`;
    if (kind === 'auth') {
      throw new OisError('AUTH_REFUSED', `the remote refused to take branch ${branch} (${detail})`, { hint: `${retry} once this machine may push (check its SSH key or access token).` });
    }
    if (kind === 'rejected') {
      throw new OisError('JOIN_FAILED', `branch ${branch} changed on the remote while ois was updating it (${detail})`, { hint: `${retry}: it builds on what is there now.` });
    }
    if (kind === 'unreachable' || kind === 'no-such-repo') {
      throw new OisError('REMOTE_UNREACHABLE', `your section is committed on branch ${branch}, but the remote could not be reached (${detail})`, { hint: `${retry} when the remote is reachable.` });
    }
    throw new OisError('JOIN_FAILED', `the remote did not take branch ${branch} (${detail})`, {
      hint: `${retry} after fixing that (a branch protection rule on join/* would refuse it, for example).`,
    });
  }
}
