import { describe, expect, it } from 'vitest';
import { parseRegistry } from '../../../src/core/registry/parse.js';

const ARIA = `# Team

Some prose before the agents.

## ARIA ⚔️ (Core Contributor)

- Id: aria
- Gateway: http://10.130.194.247:18783
- Session: agent:main:main
- Token: env:OIS_TOKEN_ARIA
- Role: heavy computation, local development
- Status: on demand

Prose between sections is fine.

## 小明 (研究)

- id: xiaoming
- GATEWAY: \`https://gw.example.org/claw\`
- **Wake**: hooks
- Hooks Token: env:OIS_HOOKS_XM
`;

describe('parseRegistry', () => {
  it('reads sections, fields, defaults and Unicode names', () => {
    const { registry } = parseRegistry(ARIA);
    expect(registry.agents.map((a) => [a.id, a.name, a.role, a.wake, a.session])).toEqual([
      ['aria', 'ARIA ⚔️', 'Core Contributor', 'invoke', 'agent:main:main'],
      ['xiaoming', '小明', '研究', 'hooks', 'agent:main:main'],
    ]);
    expect(registry.agents[0]?.token).toBe('env:OIS_TOKEN_ARIA');
    expect(registry.agents[0]?.status).toBe('on demand');
    expect(registry.agents[1]?.gateway).toBe('https://gw.example.org/claw');
    expect(registry.agents[1]?.hooksToken).toBe('env:OIS_HOOKS_XM');
  });

  it('keeps the position of every field, key and value', () => {
    const agent = parseRegistry(ARIA).registry.agents[0];
    expect(agent?.headingPosition.start).toMatchObject({ line: 5, column: 1 });
    const gateway = agent?.fields.find((f) => f.key === 'Gateway');
    expect(gateway?.position.start).toMatchObject({ line: 8, column: 1 });
    expect(gateway?.valuePosition.start).toMatchObject({ line: 8, column: 12 });
    expect(gateway?.valuePosition.end).toMatchObject({ line: 8, column: 12 + 'http://10.130.194.247:18783'.length });
  });

  it('defaults the id to a slug of the name, and the role to the Role field', () => {
    const { registry } = parseRegistry('## Zoë Müller\n\n- Gateway: http://127.0.0.1:1\n- Role: reviews\n');
    expect(registry.agents[0]).toMatchObject({ id: 'zoe-muller', role: 'reviews', wake: 'invoke' });
  });

  it('ignores HTML comments, code blocks and deeper headings', () => {
    const text = '<!--\n## Ghost\n\n- Gateway: http://127.0.0.1:1\n-->\n\n```\n## Code\n- Gateway: x\n```\n\n### Notes\n\n- Gateway: http://127.0.0.1:9\n';
    const parsed = parseRegistry(text);
    expect(parsed.sections).toEqual([]);
    expect(parsed.orphanFields.map((f) => f.value)).toEqual(['http://127.0.0.1:9']);
  });

  it('reads CRLF files with the same lines and columns', () => {
    const lf = parseRegistry(ARIA).sections;
    const crlf = parseRegistry(ARIA.replace(/\n/g, '\r\n')).sections;
    const lines = (s: typeof lf) => s.flatMap((x) => x.fields.map((f) => [f.key, f.valuePosition.start.line, f.valuePosition.start.column]));
    expect(lines(crlf)).toEqual(lines(lf));
    expect(parseRegistry(ARIA.replace(/\n/g, '\r\n')).registry.agents).toHaveLength(2);
  });

  it('leaves out invalid sections and later duplicates, but keeps them as raw sections', () => {
    const text = '## A\n\n- Gateway: ftp://x\n\n## B\n\n- Gateway: http://127.0.0.1:1\n\n## b\n\n- Gateway: http://127.0.0.1:2\n';
    const parsed = parseRegistry(text);
    expect(parsed.sections.map((s) => s.id)).toEqual(['a', 'b', 'b']);
    expect(parsed.registry.agents.map((a) => a.gateway)).toEqual(['http://127.0.0.1:1']);
  });

  it('never lets a literal token into the typed registry', () => {
    const text = `## A\n\n- Gateway: http://127.0.0.1:1\n- Token: ${'ab'.repeat(24)}\n`;
    expect(parseRegistry(text).registry.agents).toEqual([]);
  });

  it('parses the empty text', () => {
    expect(parseRegistry('')).toEqual({ registry: { agents: [], humans: [] }, sections: [], orphanFields: [] });
  });
});

describe('human members (Kind: human)', () => {
  const TEAM = `${ARIA}
## Mia 🌸 (Owner)

- Kind: Human
- Id: mia
- Status: reviewing

## Ghost

- Kind: human
- Gateway: http://127.0.0.1:18789

## Robot

- Kind: robot
- Gateway: http://127.0.0.1:18789
`;

  it('are humans, not agents: no Gateway, never in the list of members ois wakes', () => {
    const { registry } = parseRegistry(TEAM);
    expect(registry.humans.map((h) => [h.id, h.name, h.role, h.status])).toEqual([['mia', 'Mia 🌸', 'Owner', 'reviewing']]);
    expect(registry.agents.map((a) => a.id)).toEqual(['aria', 'xiaoming']);
  });

  it('leave out a human with a Gateway and an unknown Kind (lint says why)', () => {
    const { registry } = parseRegistry(TEAM);
    expect([...registry.agents, ...registry.humans].map((m) => m.id)).not.toContain('ghost');
    expect([...registry.agents, ...registry.humans].map((m) => m.id)).not.toContain('robot');
  });

  it('share one id space with the agents: a human repeating an agent id is left out', () => {
    const { registry } = parseRegistry(`${ARIA}\n## Aria Human\n\n- Id: aria\n- Kind: human\n`);
    expect(registry.humans).toEqual([]);
    expect(registry.agents.map((a) => a.id)).toEqual(['aria', 'xiaoming']);
  });
});
