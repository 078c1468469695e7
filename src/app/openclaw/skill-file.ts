import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Identity } from '../../core/identity.js';
import type { Files, System } from '../../ports/index.js';
import { onPath } from './locate.js';
import { renderSkill, shellQuote, SKILL_NAME, type SkillFacts } from '../../core/openclaw/skill.js';
import { cliEntry, packageRoot } from '../setup/package-paths.js';

/**
 * The ois skill as this machine installs it into OpenClaw: the shipped template filled in for this
 * clone's agent, and staged in a temporary folder for `openclaw skills install`. Files through the
 * files port; which Node runs ois from `system.execPath`.
 */

/** The template shipped in the package: `skill/SKILL.template.md`. */
export function skillTemplatePath(): string {
  return join(packageRoot(), 'skill', 'SKILL.template.md');
}

/**
 * This machine's skill: the template filled in for this clone's agent. `ois` is named as such when it
 * is on PATH (and the skill then requires it), else by its absolute command.
 *
 * @example const { text, facts } = await skillFor(ports, repo.top, identity, 'acme')
 */
export async function skillFor(ports: { files: Files; system: Pick<System, 'env' | 'platform' | 'execPath'> }, top: string, identity: Identity, team: string): Promise<{ text: string; facts: SkillFacts }> {
  const { files, system } = ports;
  const template = await files.readText(skillTemplatePath());
  const facts: SkillFacts = {
    id: identity.id,
    name: identity.name,
    team,
    clone: top,
    version: await packageVersion(files),
    template: createHash('sha256').update(template).digest('hex').slice(0, 12),
  };
  if ((await onPath(ports, 'ois')) === undefined) facts.oisCommand = `${shellQuote(system.execPath)} ${shellQuote(cliEntry())}`;
  return { text: renderSkill(template, facts), facts };
}

/** The installed ois package's version (its package.json). */
async function packageVersion(files: Files): Promise<string> {
  const json = JSON.parse(await files.readText(join(packageRoot(), 'package.json'))) as { version?: unknown };
  return typeof json.version === 'string' ? json.version : '0.0.0';
}

/**
 * Writes the skill into a fresh temporary folder named after the skill (what `openclaw skills
 * install DIR` takes); `cleanup` removes it.
 */
export async function stageSkill(files: Files, text: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const root = await files.makeTempDir('ois-skill-');
  const dir = join(root, SKILL_NAME);
  await files.mkdir(dir);
  await files.writeText(join(dir, 'SKILL.md'), text, { mode: 0o644 });
  return { dir, cleanup: () => files.remove(root, { recursive: true }) };
}
