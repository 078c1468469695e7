import { DEFAULT_SESSION, parseMemberKind, parseWakeMode, WAKE_FIELDS } from './fields.js';
import { agentValuesSchema, humanValuesSchema, type AgentValues, type HumanValues } from './schema.js';
import type { Agent, Human, RawSection, Registry } from './types.js';

/**
 * Turns raw sections into typed members: agents (defaults applied, values checked by the zod schema)
 * and humans (`Kind: human`). A section that fails, or repeats an id or a name already taken by
 * any member, is left out (lint says why).
 * @example buildRegistry(parseRegistry(text).sections).humans.map((human) => human.id)
 */
export function buildRegistry(sections: readonly RawSection[]): Registry {
  const agents: Agent[] = [];
  const humans: Human[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const section of sections) {
    const member = memberValues(section);
    if (member === undefined) continue;
    const nameKey = normalizeName(member.values.name);
    if (ids.has(member.values.id) || names.has(nameKey)) continue;
    ids.add(member.values.id);
    names.add(nameKey);
    if (member.kind === 'human') humans.push(toHuman(member.values, section));
    else agents.push(toAgent(member.values, section));
  }
  return { agents, humans };
}

/**
 * The agents of `sections` (see buildRegistry).
 * @example buildAgents(parseRegistry(text).sections).map((agent) => agent.id)
 */
export function buildAgents(sections: readonly RawSection[]): Agent[] {
  return buildRegistry(sections).agents;
}

/** How names are compared for uniqueness: Unicode-normalized, case-folded, inner spaces collapsed. */
export function normalizeName(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

type MemberValues = { kind: 'agent'; values: AgentValues } | { kind: 'human'; values: HumanValues };

function memberValues(section: RawSection): MemberValues | undefined {
  const seen = new Set<string>();
  for (const field of section.fields) {
    if (seen.has(field.canonicalKey)) return undefined; // duplicated field: ambiguous, never guess
    seen.add(field.canonicalKey);
  }
  const value = (key: string): string | undefined => section.fields.find((f) => f.canonicalKey === key)?.value;
  const kindText = value('kind');
  const kind = kindText === undefined ? 'agent' : parseMemberKind(kindText);
  if (kind === undefined) return undefined;
  const role = section.role ?? value('role');
  const common = { id: section.id, name: section.name, ...(role ? { role } : {}), ...optional('status', value('status')) };
  if (kind === 'human') {
    // A person is never woken: a Gateway (or any wake field) there is a mistake that lint reports.
    if (WAKE_FIELDS.some((key) => value(key) !== undefined)) return undefined;
    const parsed = humanValuesSchema.safeParse(common);
    return parsed.success ? { kind, values: parsed.data } : undefined;
  }
  const wakeText = value('wake');
  const candidate = {
    ...common,
    gateway: value('gateway'),
    session: value('session') ?? DEFAULT_SESSION,
    wake: wakeText === undefined ? 'invoke' : parseWakeMode(wakeText),
    ...optional('token', value('token')),
    ...optional('hooksToken', value('hooks-token')),
  };
  const parsed = agentValuesSchema.safeParse(candidate);
  return parsed.success ? { kind, values: parsed.data } : undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function placed(section: RawSection): Pick<Agent, 'fields' | 'position' | 'headingPosition'> {
  return {
    fields: section.fields.map(({ key, value, position, valuePosition }) => ({ key, value, position, valuePosition })),
    position: section.position,
    headingPosition: section.headingPosition,
  };
}

function toHuman(values: HumanValues, section: RawSection): Human {
  return {
    id: values.id,
    name: values.name,
    ...(values.role !== undefined ? { role: values.role } : {}),
    ...(values.status !== undefined ? { status: values.status } : {}),
    ...placed(section),
  };
}

function toAgent(values: AgentValues, section: RawSection): Agent {
  return {
    id: values.id,
    name: values.name,
    ...(values.role !== undefined ? { role: values.role } : {}),
    gateway: values.gateway,
    session: values.session,
    wake: values.wake,
    ...(values.token !== undefined ? { token: values.token } : {}),
    ...(values.hooksToken !== undefined ? { hooksToken: values.hooksToken } : {}),
    ...(values.status !== undefined ? { status: values.status } : {}),
    ...placed(section),
  };
}
