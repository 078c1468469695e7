import type { Agent } from '../../../src/core/registry/types.js';
import type { WakeEntry } from '../../../src/core/wake/choose.js';

const here = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** A registry agent with defaults, for wake tests. */
export function agent(id: string, extra: Partial<Agent> = {}): Agent {
  return {
    id,
    name: id.toUpperCase(),
    gateway: `http://127.0.0.1:1/${id}`,
    session: 'agent:main:main',
    wake: 'invoke',
    fields: [],
    position: here,
    headingPosition: here,
    ...extra,
  };
}

/** A chat entry by `author` mentioning `ids` (or everyone). */
export function entry(author: string, body: string, ids: string[] = [], all = false): WakeEntry {
  return { time: '10:00', name: author.toUpperCase(), author, body, mentions: { ids, all } };
}
