import type { Agent } from './types.js';

/** One row of `ois agents --json`: only references, never a token value. */
export interface AgentRow {
  id: string;
  name: string;
  role: string | null;
  gateway: string;
  wake: string;
  session: string;
  token: string | null;
  hooksToken: string | null;
  status: string | null;
}

/** @example agentRow(agent).token // 'env:OIS_TOKEN_ARIA' (a reference: the schema allows nothing else) */
export function agentRow(agent: Agent): AgentRow {
  return {
    id: agent.id,
    name: agent.name,
    role: agent.role ?? null,
    gateway: agent.gateway,
    wake: agent.wake,
    session: agent.session,
    token: agent.token ?? null,
    hooksToken: agent.hooksToken ?? null,
    status: agent.status ?? null,
  };
}

const COLUMNS = ['id', 'name', 'role', 'gateway', 'wake', 'session', 'token'] as const;

/**
 * A plain-text table of the agents, one per line, columns padded to their widest cell.
 * @example formatAgentTable([agent]) // 'ID    NAME  ROLE …\naria  ARIA  …\n'
 */
export function formatAgentTable(agents: readonly Agent[]): string {
  const rows = agents.map(agentRow).map((row) => COLUMNS.map((column) => row[column] ?? '-'));
  const all = [COLUMNS.map((column) => column.toUpperCase()), ...rows];
  const widths = COLUMNS.map((_, i) => Math.max(...all.map((cells) => width(cells[i] ?? ''))));
  const lines = all.map((cells) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - width(cell) + 2)))
      .join('')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

/** Display width, counting East Asian wide characters and emoji as two columns (a close estimate). */
function width(text: string): number {
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0xfe0f || (code >= 0x300 && code < 0x370)) continue; // variation selector, combining marks
    n += code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xff60) || code >= 0x1f300) ? 2 : 1;
  }
  return n;
}
