import { DEFAULT_SESSION, parseWakeMode } from './fields.js';
import { agentValuesSchema, type AgentValues } from './schema.js';
import type { Agent, RawSection } from './types.js';

/**
 * Turns raw sections into typed agents: defaults applied, values checked by the zod schema.
 * A section that fails, or repeats an id or a name already taken, is left out (lint says why).
 * @example buildAgents(parseRegistry(text).sections).map((agent) => agent.id)
 */
export function buildAgents(sections: readonly RawSection[]): Agent[] {
  const agents: Agent[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const section of sections) {
    const values = agentValues(section);
    if (values === undefined) continue;
    const nameKey = normalizeName(values.name);
    if (ids.has(values.id) || names.has(nameKey)) continue;
    ids.add(values.id);
    names.add(nameKey);
    agents.push(toAgent(values, section));
  }
  return agents;
}

/** How names are compared for uniqueness: Unicode-normalized, case-folded, inner spaces collapsed. */
export function normalizeName(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function agentValues(section: RawSection): AgentValues | undefined {
  const seen = new Set<string>();
  for (const field of section.fields) {
    if (seen.has(field.canonicalKey)) return undefined; // duplicated field: ambiguous, never guess
    seen.add(field.canonicalKey);
  }
  const value = (key: string): string | undefined => section.fields.find((f) => f.canonicalKey === key)?.value;
  const wakeText = value('wake');
  const wake = wakeText === undefined ? 'invoke' : parseWakeMode(wakeText);
  const role = section.role ?? value('role');
  const candidate = {
    id: section.id,
    name: section.name,
    ...(role ? { role } : {}),
    gateway: value('gateway'),
    session: value('session') ?? DEFAULT_SESSION,
    wake,
    ...optional('token', value('token')),
    ...optional('hooksToken', value('hooks-token')),
    ...optional('status', value('status')),
  };
  const parsed = agentValuesSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
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
    fields: section.fields.map(({ key, value, position, valuePosition }) => ({ key, value, position, valuePosition })),
    position: section.position,
    headingPosition: section.headingPosition,
  };
}
