import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintRegistryText } from '../../../src/core/registry/lint/index.js';
import { memberSection, replaceField } from '../../../src/core/registry/member-section.js';
import { parseRegistry } from '../../../src/core/registry/parse.js';
import { MARKER_LABELS, markerLabel, markerLine, placeSection } from '../../../src/core/registry/place.js';

const TEMPLATE = readFileSync(join(import.meta.dirname, '../../../templates/team/AGENTS.md'), 'utf8').replaceAll('{{team}}', 'acme');
const section = (id: string, name = id.toUpperCase()) => memberSection({ id, name, gateway: `http://127.0.0.1:${18_000 + id.length}` });
const place = (text: string, ...ids: string[]) => ids.reduce((acc, id) => placeSection(acc, id, section(id)), text);
const ids = (text: string) => parseRegistry(text).registry.agents.map((a) => a.id);

describe('placing a new section in AGENTS.md', () => {
  it('the template carries one marker per first character, in order, and lints clean', () => {
    const markers = TEMPLATE.split('\n').filter((line) => line.startsWith('<!-- ois:'));
    expect(markers).toEqual(MARKER_LABELS.map(markerLine));
    expect(lintRegistryText(TEMPLATE).diagnostics).toEqual([]);
  });

  it('a member section: Wake hooks, a Hooks-Token reference named after its own id, lint clean', () => {
    const text = section('zed-2', 'Zed ⚔️');
    expect(text).toBe('## Zed ⚔️\n\n- Id: zed-2\n- Gateway: http://127.0.0.1:18005\n- Session: agent:main:main\n- Wake: hooks\n- Hooks-Token: env:OIS_HOOKS_ZED_2');
    const placed = placeSection(TEMPLATE, 'zed-2', text);
    expect(lintRegistryText(placed).diagnostics).toEqual([]);
    expect(parseRegistry(placed).registry.agents[0]).toMatchObject({ id: 'zed-2', wake: 'hooks', hooksToken: 'env:OIS_HOOKS_ZED_2' });
  });

  it('goes after the marker of its first letter, sorted among the sections there; digits share one marker', () => {
    const text = place(TEMPLATE, 'zed', 'aria', 'bob', 'amy', 'axel', '7up');
    expect(ids(text)).toEqual(['7up', 'amy', 'aria', 'axel', 'bob', 'zed']);
    expect(markerLabel('7up')).toBe('0-9');
    const lines = text.split('\n');
    expect(lines.indexOf('## BOB')).toBeGreaterThan(lines.indexOf('<!-- ois:b -->'));
    expect(lines.indexOf('## BOB')).toBeLessThan(lines.indexOf('<!-- ois:c -->'));
    expect(lintRegistryText(text).diagnostics).toEqual([]);
    // Blank lines around every section: Markdown reads each as its own block.
    expect(text).toContain('<!-- ois:b -->\n\n## BOB\n\n- Id: bob\n');
    expect(text).toMatch(/- Hooks-Token: env:OIS_HOOKS_BOB\n\n<!-- ois:c -->/);
  });

  it('any insertion order gives the same file', () => {
    const orders = [
      ['bob', 'aria', 'zed'],
      ['zed', 'bob', 'aria'],
      ['aria', 'zed', 'bob'],
    ];
    const results = new Set(orders.map((order) => place(TEMPLATE, ...order)));
    expect(results.size).toBe(1);
  });

  it('a registry without markers (written by hand, or by an older ois) gets the section in id order, and keeps passing lint', () => {
    const old = '# team\n\nProse.\n\n## ARIA\n\n- Id: aria\n- Gateway: http://127.0.0.1:1\n\n## ZED\n\n- Id: zed\n- Gateway: http://127.0.0.1:2\n';
    const text = place(old, 'mia', 'bo');
    expect(ids(text)).toEqual(['aria', 'bo', 'mia', 'zed']);
    expect(lintRegistryText(text).errorCount).toBe(0);
    expect(place('# team\n', 'ada')).toBe(`# team\n\n${section('ada')}\n`);
    expect(place('', 'ada')).toBe(`${section('ada')}\n`);
  });

  it('CRLF files stay CRLF', () => {
    const text = place(TEMPLATE.replace(/\n/g, '\r\n'), 'bob');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(ids(text)).toEqual(['bob']);
  });

  it('every registry fixture of the linter keeps its verdict when a section is placed into it', () => {
    const root = join(import.meta.dirname, '../../fixtures/registry');
    for (const rule of readdirSync(root)) {
      for (const file of readdirSync(join(root, rule)).filter((name) => name.endsWith('.md'))) {
        const before = readFileSync(join(root, rule, file), 'utf8');
        const after = placeSection(before, 'qzx-new', section('qzx-new'));
        expect([rule, file, lintRegistryText(after).errorCount]).toEqual([rule, file, lintRegistryText(before).errorCount]);
      }
    }
  });

  it('replaceField rewrites one bullet, keeping its marker', () => {
    const text = '## A\n\n* Id: a\n* Gateway: http://old\n* Wake: hooks\n';
    const agent = parseRegistry(text).registry.agents[0]!;
    const field = agent.fields.find((f) => f.key.toLowerCase() === 'gateway')!;
    expect(replaceField(text, { ...field, key: 'Gateway' }, 'http://new:1')).toBe('## A\n\n* Id: a\n* Gateway: http://new:1\n* Wake: hooks\n');
  });
});
