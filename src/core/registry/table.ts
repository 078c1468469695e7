import stringWidth from 'string-width';
import type { Agent, Human } from './types.js';

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
 * A plain-text table of the agents, one per line, columns padded to their widest cell by display
 * width (string-width: CJK and emoji take two columns, combining marks none), so names like
 * `ARIA ⚔️` or `小明` line up in a terminal. The TOKEN column shows the reference the wake mode uses
 * (`Hooks-Token` for hooks). `extra` adds a last column (the `--check` verdicts).
 *
 * @example formatAgentTable([agent]) // 'ID    NAME  ROLE …\naria  ARIA  …\n'
 */
export function formatAgentTable(agents: readonly Agent[], extra?: { title: string; cells: ReadonlyMap<string, string> }): string {
  const header = [...COLUMNS.map((column) => column.toUpperCase()), ...(extra ? [extra.title] : [])];
  const rows = agents.map(agentRow).map((row) => [
    ...COLUMNS.map((column) => (column === 'token' && row.wake === 'hooks' ? row.hooksToken : row[column]) ?? '-'),
    ...(extra ? [extra.cells.get(row.id) ?? '-'] : []),
  ]);
  return formatColumns([header, ...rows]);
}

/** One person of `ois agents --json` (`Kind: human`: no Gateway, never woken). */
export interface HumanRow {
  id: string;
  name: string;
  role: string | null;
  status: string | null;
}

/** @example humanRow(mia) // { id: 'mia', name: 'Mia', role: 'owner', status: null } */
export function humanRow(human: Human): HumanRow {
  return { id: human.id, name: human.name, role: human.role ?? null, status: human.status ?? null };
}

/**
 * The people of the registry (`Kind: human`) as a table, aligned like the agents'.
 *
 * @example formatHumanTable([mia]) // 'ID   NAME  ROLE   STATUS\nmia  Mia   owner  -\n'
 */
export function formatHumanTable(humans: readonly Human[]): string {
  const rows = humans.map(humanRow).map((row) => [row.id, row.name, row.role ?? '-', row.status ?? '-']);
  return formatColumns([['ID', 'NAME', 'ROLE', 'STATUS'], ...rows]);
}

/** Rows of cells as aligned columns (two spaces apart, by display width), the last column unpadded. */
export function formatColumns(rows: ReadonlyArray<readonly string[]>): string {
  const count = Math.max(0, ...rows.map((cells) => cells.length));
  const widths = Array.from({ length: count }, (_, i) => Math.max(...rows.map((cells) => stringWidth(cells[i] ?? ''))));
  const lines = rows.map((cells) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - stringWidth(cell) + 2)))
      .join('')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}
