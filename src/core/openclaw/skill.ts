/**
 * The ois skill for OpenClaw: a `SKILL.md` filled in per machine from the package's template
 * (`skill/SKILL.template.md`), so that the agent knows, without guessing, who it is in the team, where
 * its clone is and how to read and write with ois. OpenClaw puts skills into the model's context:
 * the text stays short.
 */
export const SKILL_NAME = 'ois';

/** What the skill says about this machine's agent. */
export interface SkillFacts {
  id: string;
  name: string;
  team: string;
  /** Absolute path of the clone. */
  clone: string;
  /** The ois version that wrote it. */
  version: string;
  /** A hash of the template, so that a new template makes installed skills out of date. */
  template: string;
  /**
   * How to run ois when `ois` is not on PATH (an absolute command); undefined when it is, and then the
   * skill requires the `ois` binary (OpenClaw shows it to the model only where it can run).
   */
  oisCommand?: string;
}

/** What an installed skill says about who wrote it (its front matter's `metadata.ois`). */
export interface SkillStamp {
  version?: string;
  id?: string;
  clone?: string;
  template?: string;
}

/**
 * The skill's text for this machine. Values are made single-line and stripped of characters that
 * would break the Markdown or the shell commands it teaches; the clone path is shell-quoted.
 *
 * @example
 * renderSkill(template, { id: 'aria', name: 'ARIA ⚔️', team: 'acme', clone: '/home/aria/ois', version: '0.1.0', template: 'a1b2c3d4' })
 * // '---\nname: ois\ndescription: "Team acme: …"\nmetadata: {"openclaw":{"requires":{"bins":["ois"]}},"ois":{…}}\n---\n…'
 */
export function renderSkill(template: string, facts: SkillFacts): string {
  const team = plain(facts.team);
  const stamp: SkillStamp = { version: facts.version, id: facts.id, clone: facts.clone, template: facts.template };
  const openclaw = facts.oisCommand === undefined ? { requires: { bins: ['ois'] } } : {};
  const values: Record<string, string> = {
    description: JSON.stringify(describeSkill(team)),
    metadata: JSON.stringify({ openclaw, ois: stamp }),
    team,
    name: plain(facts.name),
    id: plain(facts.id),
    clone: plain(facts.clone),
    cloneQuoted: shellQuote(facts.clone),
    oisNote: facts.oisCommand === undefined ? '.' : `. \`ois\` is not on PATH on this machine: wherever this page says \`ois\`, run \`${plain(facts.oisCommand)}\`.`,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * The skill's one-line description (OpenClaw: under 160 characters), naming the team.
 *
 * @example describeSkill('acme') // 'Team acme: read and answer teammates\' [ois] messages, hand out and answer tasks, share files (ois, a shared git repo).'
 */
export function describeSkill(team: string): string {
  const text = `Team ${team.slice(0, 40)}: read and answer teammates' [ois] messages, hand out and answer tasks, share files (ois, a shared git repo).`;
  return text.length < 160 ? text : `${text.slice(0, 158)}…`;
}

/**
 * The `metadata.ois` stamp of an installed `SKILL.md`, or undefined when it has none (not ois's, or
 * written by hand).
 *
 * @example readSkillStamp('---\nname: ois\nmetadata: {"ois":{"version":"0.1.0","id":"aria"}}\n---\n') // { version: '0.1.0', id: 'aria' }
 */
export function readSkillStamp(text: string): SkillStamp | undefined {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
  const line = front?.split(/\r?\n/).find((l) => l.startsWith('metadata:'));
  if (line === undefined) return undefined;
  try {
    const ois = (JSON.parse(line.slice('metadata:'.length)) as { ois?: unknown }).ois;
    if (typeof ois !== 'object' || ois === null) return undefined;
    const stamp: SkillStamp = {};
    for (const key of ['version', 'id', 'clone', 'template'] as const) {
      const value = (ois as Record<string, unknown>)[key];
      if (typeof value === 'string') stamp[key] = value;
    }
    return stamp;
  } catch {
    return undefined;
  }
}

export type SkillCurrency = 'current' | 'outdated' | 'other-clone' | 'foreign';

/**
 * Whether an installed skill is the one setup would install for `facts` now: `other-clone` when it was
 * written for another clone or agent id (a second team on the same OpenClaw agent), `foreign` when it
 * is not ois's, `outdated` for another ois version or template.
 *
 * @example skillCurrency({ version: '0.1.0', id: 'aria', clone: '/c', template: 'x' }, facts) // 'current'
 */
export function skillCurrency(stamp: SkillStamp | undefined, facts: Pick<SkillFacts, 'id' | 'clone' | 'version' | 'template'>): SkillCurrency {
  if (stamp === undefined || stamp.id === undefined) return 'foreign';
  if (stamp.id !== facts.id || stamp.clone !== facts.clone) return 'other-clone';
  return stamp.version === facts.version && stamp.template === facts.template ? 'current' : 'outdated';
}

/**
 * A word for a POSIX shell: as is when it is plainly safe, else in single quotes.
 *
 * @example shellQuote('/home/aria/ois') // '/home/aria/ois'
 * @example shellQuote("/home/o'neil/my team") // "'/home/o'\\''neil/my team'"
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** One line without control characters or backticks (they would end the Markdown code spans). */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029`]+/g, ' ').trim();
}
