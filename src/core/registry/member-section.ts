import type { Identity } from '../identity.js';

/** The environment variable that holds the hooks token for agent `id` (tokens are keyed by id). */
export function hooksTokenVariable(id: string): string {
  return `OIS_HOOKS_${id.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * The AGENTS.md section `ois init --id` and `ois join` write for a member: woken through its
 * Gateway's hooks (`Wake: hooks`, the least-privilege mode: a hooks token opens nothing else), the
 * hooks token referenced by the variable named after its own id. No blank line at either end.
 *
 * @example memberSection({ id: 'zed', name: 'Zed', gateway: 'http://127.0.0.1:18790' })
 * // '## Zed\n\n- Id: zed\n- Gateway: http://127.0.0.1:18790\n- Session: agent:main:main\n- Wake: hooks\n- Hooks-Token: env:OIS_HOOKS_ZED'
 */
export function memberSection(identity: Identity & { gateway: string }): string {
  return [
    `## ${identity.name}`,
    '',
    `- Id: ${identity.id}`,
    `- Gateway: ${identity.gateway}`,
    '- Session: agent:main:main',
    '- Wake: hooks',
    `- Hooks-Token: env:${hooksTokenVariable(identity.id)}`,
  ].join('\n');
}

/**
 * `text` with the bullet of `field` (one of a section's fields) rewritten as `- Key: value`, keeping
 * its list marker and indentation; the other lines untouched. Pure.
 *
 * @example replaceField('## A\n\n- Gateway: http://a\n', { key: 'Gateway', position: { start: { line: 3, column: 1 }, end: { line: 3, column: 19 } } }, 'http://b')
 * // '## A\n\n- Gateway: http://b\n'
 */
export function replaceField(text: string, field: { key: string; position: { start: { line: number }; end: { line: number } } }, value: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const first = field.position.start.line - 1;
  const marker = /^(\s*(?:[-*+]|\d+[.)])\s+)/.exec(lines[first] ?? '')?.[1] ?? '- ';
  lines.splice(first, field.position.end.line - field.position.start.line + 1, `${marker}${field.key}: ${value}`);
  return lines.join(eol);
}
