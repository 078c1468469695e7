import { clashes } from './confusable.js';
import { DEFAULT_SESSION, parseWakeMode } from './fields.js';
import { agentValuesSchema, type AgentValues } from './schema.js';
import type { Agent, RawSection } from './types.js';

/**
 * Turns raw sections into typed agents: defaults applied, values checked by the zod schema.
 * A section that fails is left out (lint says why). Sections whose ids, or whose names, are the same,
 * differ only by case, or look alike (UTS #39 skeletons: a Cyrillic `а` for a Latin `a`) are all left
 * out, never resolved by order: whichever came first, a member could otherwise pose as another.
 * @example buildAgents(parseRegistry(text).sections).map((agent) => agent.id)
 */
export function buildAgents(sections: readonly RawSection[]): Agent[] {
  const candidates = sections.map((section) => ({ section, values: agentValues(section) }));
  const refused = new Set<number>();
  for (const group of [...clashes(sections.map((s) => s.id)), ...clashes(sections.map((s) => s.name))]) {
    for (const index of group) refused.add(index);
  }
  const agents: Agent[] = [];
  candidates.forEach(({ section, values }, index) => {
    if (values !== undefined && !refused.has(index)) agents.push(toAgent(values, section));
  });
  return agents;
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
