import type { SkillInfo } from '../../core/openclaw/config.js';
import { describeWakeProbe, type WakeProbe } from '../../core/openclaw/probe.js';
import { readSkillStamp, skillCurrency, SKILL_NAME, type SkillCurrency } from '../../core/openclaw/skill.js';
import type { Agent, WakeMode } from '../../core/registry/types.js';
import { openClaw } from '../openclaw/cli.js';
import { locateOpenClaw } from '../openclaw/locate.js';
import { ownWakeToken, probeUntilSettled } from '../openclaw/own-gateway.js';
import { rememberedOpenClaw } from '../openclaw/setup.js';
import { skillFor } from '../openclaw/skill-file.js';
import type { Repo } from '../clone/repo.js';
import type { TokenStore } from '../secrets/tokens.js';
import { fail, ok, warn, type CheckResult } from './types.js';

/** What doctor found of the ois skill in this machine's OpenClaw. */
export type SkillFacts =
  | { openclaw: false }
  | { openclaw: true; info: SkillInfo | undefined; currency: SkillCurrency | undefined; path?: string };

const SETUP = 'Run `ois openclaw setup` in this clone.';

/** Pure verdict for `openclaw-skill`: installed, written for this clone by this ois, and shown to the model. */
export function judgeSkill(facts: SkillFacts): CheckResult {
  const id = 'openclaw-skill';
  const title = 'the ois skill in OpenClaw';
  // A clone on a machine without OpenClaw (the agent's Gateway runs elsewhere, a human's clone) is fine.
  if (!facts.openclaw) return ok(id, title, 'no OpenClaw on this machine (no `openclaw` on PATH): not checked; where the agent\'s Gateway runs, `ois openclaw setup` installs the skill');
  if (facts.info === undefined) return fail(id, title, 'OpenClaw has no skill named "ois": the agent does not know how to answer its team', SETUP);
  const where = facts.path ?? facts.info.filePath ?? 'the workspace';
  if (facts.currency === 'foreign') return fail(id, title, `${where} is a skill named "ois" that ois did not write`, 'Remove or rename it, then run `ois openclaw setup`.');
  if (facts.currency === 'other-clone') return warn(id, title, `${where} is written for another clone or agent id`, 'One OpenClaw agent takes part in one ois team: give this clone its own OpenClaw agent (`ois openclaw setup --state-dir DIR`).');
  if (!facts.info.eligible || !facts.info.modelVisible) {
    const why = facts.info.missing.length > 0 ? `missing ${facts.info.missing.join('; ')}` : facts.info.disabled ? 'disabled' : 'not visible to the model';
    return fail(id, title, `${where} is installed but OpenClaw does not show it to the model (${why})`, '`ois` must be on the PATH of the Gateway process (`npm install -g`), or the skill re-enabled in skills.entries.');
  }
  if (facts.currency === 'outdated') return warn(id, title, `${where} was written by another ois version or template`, SETUP);
  return ok(id, title, `${where}: current, eligible and visible to the model`);
}

/** What doctor found of this agent's own Gateway. */
export type OwnGatewayFacts =
  | { gateway: undefined }
  | { gateway: string; mode: WakeMode; token: false }
  | { gateway: string; mode: WakeMode; token: true; probe: WakeProbe };

/** Pure verdict for `own-gateway`: whether this agent's own Gateway takes wakes (probed without waking it). */
export function judgeOwnGateway(facts: OwnGatewayFacts, id: string): CheckResult {
  const check = 'own-gateway';
  const title = 'your Gateway takes wakes';
  if (facts.gateway === undefined) return warn(check, title, 'no Gateway URL for this clone (ois.gateway unset): missed wakes cannot be caught up', 'Set it: `git config ois.gateway http://127.0.0.1:18789`.');
  if (!facts.token) {
    const how = facts.mode === 'hooks' ? `\`ois token set ${id} --hooks\` (your hooks token)` : `\`ois token set ${id}\` (your gateway token)`;
    return warn(check, title, `ois holds no ${facts.mode === 'hooks' ? 'hooks' : 'gateway'} token for you, so ${facts.gateway} was not probed and catch-up wakes cannot be sent`, `Store it with ${how}, or run \`ois openclaw setup\`.`);
  }
  const sentence = describeWakeProbe(facts.gateway, facts.mode, facts.probe);
  switch (facts.probe.verdict) {
    case 'accepts':
      return ok(check, title, sentence);
    case 'unreachable':
      return fail(check, title, sentence, 'Start the Gateway (`openclaw gateway run`, or its service) and check ois.gateway.');
    default:
      return fail(check, title, sentence, SETUP);
  }
}

/**
 * The OpenClaw checks: the skill (through `openclaw skills info ois`, in the state dir
 * `ois openclaw setup` remembered) and the own Gateway (a wake probe that wakes nobody). Everything
 * through `repo.ports` (openclaw runs through its processes port).
 */
export async function openclawChecks(repo: Repo, agent: Agent | undefined, tokens: Pick<TokenStore, 'get'>): Promise<CheckResult[]> {
  return Promise.all([skillFacts(repo).then(judgeSkill), ownGatewayFacts(repo, agent, tokens).then((facts) => judgeOwnGateway(facts, repo.identity?.id ?? '?'))]);
}

async function skillFacts(repo: Repo): Promise<SkillFacts> {
  const { ports } = repo;
  const cli = await locateOpenClaw(ports, { cwd: repo.top, ...(await rememberedOpenClaw(repo.git)) });
  if (cli === undefined) return { openclaw: false };
  const info = await openClaw(cli).skillInfo(SKILL_NAME);
  if (info?.filePath === undefined || repo.identity === undefined) return { openclaw: true, info, currency: undefined };
  const text = await ports.files.readText(info.filePath).catch(() => '');
  const { facts } = await skillFor(ports, repo.top, repo.identity, repo.config.team ?? 'team');
  return { openclaw: true, info, currency: skillCurrency(readSkillStamp(text), facts), path: info.filePath };
}

async function ownGatewayFacts(repo: Repo, agent: Agent | undefined, tokens: Pick<TokenStore, 'get'>): Promise<OwnGatewayFacts> {
  const { ports } = repo;
  const url = repo.identity?.gateway;
  if (url === undefined || url === '' || repo.identity === undefined) return { gateway: undefined };
  const mode: WakeMode = agent?.wake ?? 'hooks';
  const token = await ownWakeToken(repo.identity.id, mode, ports.system.env, tokens);
  if (token === undefined) return { gateway: url, mode, token: false };
  const client = ports.gatewayClient({ connectTimeoutMs: 2_000, timeoutMs: 5_000 });
  try {
    return { gateway: url, mode, token: true, probe: await probeUntilSettled(client, ports.clock, url, mode, token, 1) };
  } finally {
    await client.close();
  }
}
