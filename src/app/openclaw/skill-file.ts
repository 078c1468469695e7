import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onPath } from '../../adapters/openclaw.js';
import type { Identity } from '../../core/identity.js';
import { renderSkill, shellQuote, SKILL_NAME, type SkillFacts } from '../../core/openclaw/skill.js';
import { cliEntry, packageRoot } from '../setup/package-paths.js';

/** The template shipped in the package: `skill/SKILL.template.md`. */
export function skillTemplatePath(): string {
  return join(packageRoot(), 'skill', 'SKILL.template.md');
}

/**
 * This machine's skill: the template filled in for this clone's agent. `ois` is named as such when it
 * is on PATH (and the skill then requires it), else by its absolute command.
 *
 * @example const { text, facts } = await skillFor(repo.top, identity, 'acme', io.env)
 */
export async function skillFor(top: string, identity: Identity, team: string, env: Readonly<Record<string, string | undefined>>): Promise<{ text: string; facts: SkillFacts }> {
  const template = await readFile(skillTemplatePath(), 'utf8');
  const facts: SkillFacts = {
    id: identity.id,
    name: identity.name,
    team,
    clone: top,
    version: await packageVersion(),
    template: createHash('sha256').update(template).digest('hex').slice(0, 12),
  };
  if ((await onPath('ois', env)) === undefined) facts.oisCommand = `${shellQuote(process.execPath)} ${shellQuote(cliEntry())}`;
  return { text: renderSkill(template, facts), facts };
}

/** The installed ois package's version (its package.json). */
async function packageVersion(): Promise<string> {
  const json = JSON.parse(await readFile(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof json.version === 'string' ? json.version : '0.0.0';
}

/**
 * Writes the skill into a fresh temporary folder named after the skill (what `openclaw skills
 * install DIR` takes); `cleanup` removes it.
 */
export async function stageSkill(text: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'ois-skill-'));
  const dir = join(root, SKILL_NAME);
  await mkdir(dir);
  await writeFile(join(dir, 'SKILL.md'), text, { mode: 0o644 });
  return { dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}
